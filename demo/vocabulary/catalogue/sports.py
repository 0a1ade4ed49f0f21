"""What sells in each Sports & outdoors category."""

from demo.vocabulary.kinds import Kind
from demo.vocabulary.wording import (
    SPORT_NOTES,
)

KINDS: dict[tuple[str, str], Kind] = {
    ("Sports & outdoors", "Cycling"): Kind(
        items="""
        Trek|FX 2 Hybrid Bike|350|600|800
        Specialized|Rockhopper Mountain Bike|350|650|800
        Cannondale|CAAD Optimo Road Bike|500|900|800
        Giant|Escape 3|250|420|800
        Schwinn|Cruiser Bike|120|250|800
        |Bike Helmet|15|50|32
        |Clipless Pedals|20|60|16
        |Bike Lights Set|10|35|8
        |Hitch Bike Rack|60|180|480
        |Cycling Jersey|15|40|8
        """,
        price=(15, 100),
        weight=(8, 64),
        colours="gear",
        notes=(
            "Tuned up at a shop last month.",
            "Frame fits riders about 5'6\" to 6'0\".",
            *SPORT_NOTES,
        ),
    ),
    ("Sports & outdoors", "Camping & hiking"): Kind(
        items="""
        Yeti|Tundra 45 Cooler|180|260|400
        Yeti|Rambler 30 oz Tumbler|20|30|24
        Coleman|4-Person Tent|40|90|240
        REI|Half Dome 2 Tent|120|200|96
        Osprey|Atmos AG 65 Backpack|160|240|80
        Kelty|Cosmic Down Sleeping Bag|80|130|64
        Hydro Flask|32 oz Wide Mouth|20|35|24
        Stanley|Quencher 40 oz|25|45|24
        |Trekking Poles|20|60|24
        |Camp Stove|25|60|48
        |Headlamp|10|30|6
        """,
        price=(20, 150),
        weight=(16, 160),
        colours="gear",
        notes=("Used on two trips.", "Dried and stored properly.", *SPORT_NOTES[1:]),
    ),
    ("Sports & outdoors", "Fitness equipment"): Kind(
        items="""
        Peloton|Bike+|900|1600|800
        Bowflex|SelectTech 552 Dumbbells|200|320|800
        NordicTrack|T 6.5 Treadmill|350|700|800
        Rogue|Kettlebell 35 lb|50|90|600
        Lululemon|The Mat 5mm|40|70|80
        |Adjustable Weight Bench|60|150|640
        |Resistance Bands Set|8|25|16
        |Foam Roller|8|20|24
        |Doorway Pull-Up Bar|15|35|80
        |Rowing Machine|150|450|800
        """,
        price=(10, 200),
        weight=(16, 800),
        colours="gear",
        notes=("Local pickup welcome.", *SPORT_NOTES),
    ),
    ("Sports & outdoors", "Golf"): Kind(
        items="""
        TaylorMade|Stealth Driver|180|300|48
        Callaway|Rogue ST Irons (5-PW)|450|700|240
        Titleist|Pro V1 Golf Balls (dozen)|30|45|24
        Titleist|Vokey SM9 Wedge|90|140|32
        Ping|G425 Hybrid|120|200|32
        Callaway|Stand Bag|80|160|96
        |Golf Rangefinder|80|180|16
        |Golf Shoes|30|80|48
        |Putter|40|150|48
        """,
        price=(30, 200),
        weight=(16, 240),
        notes=(
            "Right-handed, regular flex.",
            "Grips have plenty of life.",
            *SPORT_NOTES,
        ),
    ),
    ("Sports & outdoors", "Team sports"): Kind(
        items="""
        Wilson|A2000 Baseball Glove|120|220
        Rawlings|Heart of the Hide Glove|130|220
        Easton|BBCOR Bat|60|150
        Spalding|NBA Basketball|20|40
        Wilson|NFL Football|20|40
        Bauer|Vapor Hockey Skates|80|200
        CCM|Hockey Stick|50|120
        Nike|Soccer Cleats|30|80
        Adidas|Soccer Ball|15|35
        |Lacrosse Stick|30|80
        |Shin Guards|8|20
        """,
        price=(10, 100),
        weight=(8, 80),
        colours="gear",
        notes=SPORT_NOTES,
    ),
    ("Sports & outdoors", "Water sports"): Kind(
        items="""
        O'Neill|Wetsuit 3/2|70|150|64
        Billabong|Boardshorts|15|40|8
        |Inflatable Paddle Board|150|350|480
        |Kayak Paddle|30|80|96
        |Life Jacket|20|50|48
        |Surfboard 7'2"|200|450|800
        |Snorkel Set|15|40|32
        |Bodyboard|15|40|96
        """,
        price=(15, 150),
        weight=(8, 240),
        colours="gear",
        notes=("Rinsed in fresh water after every use.", *SPORT_NOTES),
    ),
    ("Sports & outdoors", "Winter sports"): Kind(
        items="""
        Burton|Custom Snowboard|200|380|320
        Burton|Step On Bindings|150|230|96
        K2|Mindbender Skis|250|450|320
        Rossignol|Ski Boots|90|200|160
        Salomon|Ski Helmet|50|110|48
        Oakley|Flight Deck Goggles|90|150|16
        Smartwool|Ski Socks (3 pairs)|20|35|8
        |Snow Pants|30|80|32
        |Ski Poles|15|40|48
        |Sled|15|40|160
        """,
        price=(15, 150),
        weight=(8, 240),
        colours="gear",
        notes=("Edges freshly tuned.", *SPORT_NOTES),
    ),
}
