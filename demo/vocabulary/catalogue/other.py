"""What sells in each Other category."""

from demo.vocabulary.kinds import Kind
from demo.vocabulary.wording import (
    GENERAL_NOTES,
)

KINDS: dict[tuple[str, str], Kind] = {
    ("Other", "Office supplies"): Kind(
        items="""
        Moleskine|Classic Notebook (3-pack)|15|30|24
        Leuchtturm1917|Dotted Notebook|12|20|16
        Montblanc|Meisterstück Ballpoint|180|320|8
        Lamy|Safari Fountain Pen|15|28|4
        Pilot|Metropolitan Fountain Pen|10|20|4
        Parker|Jotter Gift Set|10|25|4
        Brother|Label Maker|15|35|24
        Logitech|C920 Webcam|30|50|16
        Herman Miller|Sayl Office Chair|250|450|640
        Steelcase|Series 1 Office Chair|200|350|640
        |Standing Desk Converter|60|150|640
        |Desk Organizer Set|10|25|32
        |Paper Shredder|20|50|240
        """,
        price=(8, 60),
        weight=(4, 64),
        notes=GENERAL_NOTES,
    ),
    ("Other", "Pet supplies"): Kind(
        items="""
        Kong|Classic Dog Toy Bundle|10|20|16
        Ruffwear|Front Range Harness|20|35|8
        PetSafe|Automatic Feeder|40|80|96
        Kurgo|Dog Car Seat Cover|20|45|48
        |Cat Tree (5 ft)|40|100|640
        |Dog Crate 36"|35|80|640
        |Orthopedic Dog Bed|25|70|160
        |Covered Litter Box|15|35|160
        |Aquarium Kit (20 gal)|50|120|640
        |Pet Carrier|15|40|80
        """,
        price=(10, 60),
        weight=(8, 160),
        colours="gear",
        notes=("Washed and sanitized.", "Our dog never used it.", *GENERAL_NOTES[1:]),
    ),
    ("Other", "Arts & crafts"): Kind(
        items="""
        Cricut|Maker 3|220|330|320
        Cricut|Explore Air 2|120|200|320
        Singer|Heavy Duty 4423 Sewing Machine|90|160|320
        Brother|SE600 Embroidery Machine|250|380|400
        Janome|HD3000 Sewing Machine|250|380|400
        Prismacolor|Premier 72 Colored Pencils|25|45|24
        Faber-Castell|Polychromos 60 Set|60|110|32
        |Yarn Bundle (20 skeins)|20|50|80
        |Acrylic Paint Set|10|25|32
        |Quilting Fabric Bundle|15|40|48
        |Watercolor Set|12|30|16
        """,
        price=(10, 60),
        weight=(8, 80),
        notes=("Comes with extra supplies.", *GENERAL_NOTES),
    ),
    ("Other", "Party supplies"): Kind(
        items="""
        Balloon Arch Kit
        Birthday Decorations Bundle
        Wedding Centerpieces (set of 10)
        Adult Halloween Costume
        Christmas Ornament Lot (30)
        LED Neon Sign
        Photo Booth Props
        Tablecloths (set of 6)
        Cake Stand Set
        """,
        price=(8, 60),
        weight=(8, 80),
        colours="home",
        notes=("Used for one party.", *GENERAL_NOTES),
    ),
    ("Other", "Everything else"): Kind(
        items="""
        Samsonite|Carry-On Spinner|60|130|160
        Away|The Carry-On|130|200|160
        Rimowa|Essential Cabin|350|550|160
        Tumi|Alpha Briefcase|150|300|96
        Stanley|Classic Thermos|15|30|40
        DeWalt|20V Drill Driver Kit|80|150|160
        Milwaukee|M18 Impact Driver|90|160|96
        Ryobi|18V Leaf Blower|50|100|160
        Makita|Circular Saw|70|130|200
        |Compact Umbrella|10|25|16
        |Houseplant Cuttings Bundle|10|25|16
        |Telescope (70 mm)|50|120|160
        |Mystery Box|20|60|80
        """,
        price=(10, 60),
        weight=(8, 80),
        notes=GENERAL_NOTES,
    ),
}
