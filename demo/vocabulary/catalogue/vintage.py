"""What sells in each Vintage & antiques category."""

from demo.vocabulary.kinds import Kind
from demo.vocabulary.wording import (
    CLOTHING_COLOURS,
    CLOTHING_NOTES,
    HOME_NOTES,
    VINTAGE_NOTES,
)

KINDS: dict[tuple[str, str], Kind] = {
    ("Vintage & antiques", "Vintage clothing"): Kind(
        items="""
        Levi's Vintage|501 Jeans (1990s)|45|120|24
        Levi's|Type III Trucker Jacket (1980s)|60|150|40
        Carhartt|Detroit Jacket (1990s)|80|180|48
        Pendleton|Wool Board Shirt (1970s)|40|90|24
        Champion|Reverse Weave Sweatshirt (1990s)|40|110|24
        Ralph Lauren|Polo Sport Windbreaker (1990s)|50|130|16
        |Single-Stitch Band Tee (1990s)|30|120|8
        |Silk Scarf (1970s)|15|45|4
        |Embroidered Western Shirt|30|80|12
        |Leather Jacket (1980s)|60|180|56
        |Prairie Dress (1970s)|35|90|16
        |Varsity Jacket (1960s)|60|160|48
        """,
        price=(20, 100),
        weight=(8, 48),
        sizes="unisex",
        colours=CLOTHING_COLOURS,
        notes=VINTAGE_NOTES[:2] + CLOTHING_NOTES[:1],
        family="clothing",
        conditions="vintage",
    ),
    ("Vintage & antiques", "Antique furniture"): Kind(
        items="""
        |Mid-Century Walnut Credenza|350|1200
        |Victorian Side Table|120|350
        |Oak Rocking Chair|80|250
        |Cedar Chest|100|300
        |Mission-Style Bookcase|200|550
        |Bentwood Chair|60|180
        |Drop-Leaf Dining Table|150|450
        |Art Deco Vanity|200|600
        |Windsor Chair|80|220
        Ethan Allen|Heirloom Maple Dresser|250|600
        """,
        price=(60, 600),
        weight=(320, 800),
        notes=VINTAGE_NOTES + HOME_NOTES[:1],
        conditions="vintage",
    ),
    ("Vintage & antiques", "Pottery & glass"): Kind(
        items="""
        Pyrex|Butterprint Mixing Bowl|20|60
        Pyrex|Primary Colors Bowl Set|60|160|160
        Fire-King|Jadeite Mug|15|40
        Fiestaware|Cobalt Dinner Plate|10|30
        Wedgwood|Jasperware Vase|25|70
        Waterford|Lismore Crystal Goblets (pair)|40|90
        Royal Doulton|Figurine|30|90
        Lenox|Holiday Dinner Plates (set of 4)|30|70|96
        Spode|Christmas Tree Mug Set|25|55
        |Depression Glass Bowl|12|40
        |Carnival Glass Compote|20|60
        |Stoneware Crock|40|120|160
        |Studio Pottery Vase|25|90
        """,
        price=(10, 80),
        weight=(16, 80),
        notes=VINTAGE_NOTES + ("No chips, cracks or crazing.",),
        conditions="vintage",
    ),
    ("Vintage & antiques", "Vintage electronics"): Kind(
        items="""
        Technics|SL-1200MK2 Turntable|500|900|480
        Sony|Walkman WM-2|80|200|16
        Nintendo|NES Console with Zapper|90|180|96
        Nintendo|Game Boy (DMG-01)|50|120|16
        Polaroid|SX-70 Land Camera|120|300|40
        Kodak|Brownie Hawkeye Camera|15|40|24
        Pioneer|SX-780 Receiver|200|450|480
        |Rotary Phone|30|80|80
        |Cassette Deck|50|150|240
        |Reel-to-Reel Tape Deck|150|450|640
        |Tube Radio (1950s)|50|150|240
        """,
        price=(20, 200),
        weight=(16, 480),
        notes=VINTAGE_NOTES[:2] + ("Powers on and works; sold as tested.",),
        conditions="vintage",
    ),
    ("Vintage & antiques", "Collectible coins"): Kind(
        items="""
        |Morgan Silver Dollar (1921)|45|70
        |Peace Dollar (1923)|40|60
        |State Quarter Album (complete)|25|50
        |Mercury Dime Roll|100|180
        |Buffalo Nickel Lot (20)|20|40
        |American Silver Eagle (1 oz)|35|60
        |US Proof Set (1990)|10|25
        |Wheat Penny Collection (500)|30|60|48
        |Walking Liberty Half Dollar|20|45
        """,
        price=(10, 60),
        weight=(1, 16),
        notes=(
            "Ships in a protective holder.",
            "Circulated, no cleaning.",
            *VINTAGE_NOTES[2:3],
        ),
        conditions="vintage",
    ),
    ("Vintage & antiques", "Art & prints"): Kind(
        items="""
        |Framed Watercolor Landscape|40|200
        |Original Oil Painting on Canvas|80|600
        |Mid-Century Abstract Print|30|150
        |Vintage Travel Poster|25|120
        |Signed Lithograph|80|450
        |Botanical Print Set (3)|20|60
        |Charcoal Portrait Sketch|30|150
        |Ceramic Wall Art|40|160
        """,
        price=(20, 200),
        weight=(16, 160),
        notes=VINTAGE_NOTES[1:] + ('About {width}" x {height}" framed.',),
        conditions="vintage",
    ),
}
