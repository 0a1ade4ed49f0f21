"""What sells in each Home category."""

from demo.vocabulary.kinds import Kind
from demo.vocabulary.wording import (
    HOME_NOTES,
    SPORT_NOTES,
)

KINDS: dict[tuple[str, str], Kind] = {
    ("Home", "Kitchen & dining"): Kind(
        items="""
        KitchenAid|Artisan Stand Mixer|180|320|400
        Le Creuset|Dutch Oven 5.5 qt|150|280|240
        Staub|Cocotte 4 qt|120|220|200
        Lodge|Cast Iron Skillet 12"|15|35|140
        All-Clad|Stainless Fry Pan 10"|45|90|60
        Instant Pot|Duo 6 qt|35|70|200
        Ninja|Air Fryer|40|90|200
        Vitamix|5200 Blender|180|320|220
        Breville|Barista Express|300|520|400
        Nespresso|Vertuo Next|60|120|160
        Keurig|K-Elite|45|90|200
        Cuisinart|14-Cup Food Processor|60|140|280
        Pyrex|Glass Storage Set|12|30|120
        Smeg|Electric Kettle|70|140|80
        Hamilton Beach|2-Slice Toaster|10|25|80
        |Dinnerware Set (16 pcs)|25|80|320
        |Wine Glasses (set of 4)|15|40|80
        |Knife Block Set|30|120|120
        |End-Grain Cutting Board|15|45|80
        """,
        price=(15, 80),
        weight=(24, 320),
        colours="home",
        notes=HOME_NOTES[1:],
    ),
    ("Home", "Furniture"): Kind(
        items="""
        Accent Chair
        Coffee Table
        Bookshelf
        Dresser
        Nightstand
        Dining Chairs (set of 2)
        Loveseat
        Writing Desk
        Bar Stools (pair)
        TV Stand
        Side Table
        Ottoman
        Herman Miller|Aeron Office Chair|350|750|720
        Steelcase|Leap V2 Office Chair|250|550|720
        """,
        price=(40, 450),
        weight=(320, 800),
        brands=(
            "IKEA, West Elm, Pottery Barn, Crate & Barrel, Restoration Hardware, "
            "Wayfair, Ethan Allen, La-Z-Boy"
        ),
        brand_share=0.55,
        styles="Mid-Century, Solid Wood, Rattan, Velvet, Farmhouse, Walnut, Oak",
        colours="home",
        notes=HOME_NOTES,
    ),
    ("Home", "Home decor"): Kind(
        items="""
        Throw Pillow Covers (set of 2)
        Wall Mirror
        Vase
        Framed Print
        Candle Holders
        Faux Olive Tree
        Area Rug 5x7
        Wall Clock
        Decorative Tray
        Table Runner
        """,
        price=(8, 120),
        weight=(8, 160),
        brands=(
            "Anthropologie, Pottery Barn, West Elm, Crate & Barrel, IKEA, "
            "Williams Sonoma"
        ),
        brand_share=0.45,
        styles="Boho, Ceramic, Brass, Rattan, Minimalist, Vintage-Style",
        colours="home",
        notes=HOME_NOTES,
    ),
    ("Home", "Bedding & bath"): Kind(
        items="""
        Duvet Cover Set
        Sheet Set
        Quilt
        Bath Towels (set of 4)
        Weighted Blanket
        Throw Blanket
        Shower Curtain
        Bath Mat
        Down Pillows (pair)
        """,
        price=(12, 150),
        weight=(16, 240),
        brands=(
            "Pottery Barn, Casper, Purple, Tempur-Pedic, Crate & Barrel, West Elm, "
            "Pendleton, IKEA, Muji"
        ),
        brand_share=0.5,
        styles="Linen, Percale, Sateen, Organic Cotton, Waffle-Knit",
        sizes="bedding",
        colours="home",
        notes=("Washed once, never used on a bed.", *HOME_NOTES[1:2]),
    ),
    ("Home", "Lighting"): Kind(
        items="""
        Table Lamp
        Floor Lamp
        Desk Lamp
        Pendant Light
        String Lights
        Wall Sconce
        Arc Floor Lamp
        Philips|Hue Go Lamp|40|70|40
        """,
        price=(10, 160),
        weight=(16, 240),
        brands="IKEA, West Elm, Pottery Barn, Crate & Barrel",
        brand_share=0.45,
        styles="Brass, Ceramic, Mid-Century, Rattan, Mushroom",
        colours="home",
        notes=("Bulb included.", "Works perfectly.", *HOME_NOTES[:2]),
    ),
    ("Home", "Storage & organization"): Kind(
        items="""
        Storage Bins (set of 3)
        Closet Organizer
        Shoe Rack
        Rolling Cart
        Drawer Organizers
        Woven Baskets (set of 2)
        Pantry Containers (set of 8)
        Over-the-Door Organizer
        """,
        price=(8, 60),
        weight=(16, 160),
        brands="IKEA, Muji, Pottery Barn",
        brand_share=0.4,
        colours="home",
        notes=HOME_NOTES,
    ),
    ("Home", "Garden & patio"): Kind(
        items="""
        Patio Chairs (pair)
        Ceramic Planter Pots
        Garden Hose Reel
        Solar String Lights
        Bistro Set
        Raised Garden Bed
        Pruning Shears
        Bird Feeder
        Solo Stove|Bonfire 2.0|150|260|400
        Weber|Spirit II Gas Grill|200|380|800
        Traeger|Pro 575 Pellet Grill|400|700|800
        Blackstone|28" Griddle|120|220|700
        """,
        price=(10, 150),
        weight=(16, 480),
        colours="home",
        notes=(
            "Stored in the garage over winter.",
            "Local pickup also possible.",
            *SPORT_NOTES[-1:],
        ),
    ),
}
