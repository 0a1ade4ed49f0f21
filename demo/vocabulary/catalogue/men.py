"""What sells in each Men category."""

from demo.vocabulary.kinds import Kind
from demo.vocabulary.wording import (
    BAG_NOTES,
    BOTTOMS_NOTES,
    CLOTHING_COLOURS,
    CLOTHING_NOTES,
    GENERAL_NOTES,
    JEWELRY_NOTES,
    MEN_STYLES,
    SHOE_NOTES,
)

KINDS: dict[tuple[str, str], Kind] = {
    ("Men", "T-shirts"): Kind(
        items="""
        Graphic Tee
        Crew Neck Tee
        V-Neck Tee
        Pocket Tee
        Band Tee
        Long Sleeve Tee
        Henley
        Tee 3-Pack
        """,
        price=(5, 35),
        weight=(4, 10),
        brands=(
            "Nike, Adidas, Uniqlo, Carhartt, Champion, Patagonia, Levi's, Gap, "
            "Supreme, Stüssy, Ralph Lauren"
        ),
        brand_share=0.7,
        styles=MEN_STYLES,
        sizes="men",
        colours=CLOTHING_COLOURS,
        notes=CLOTHING_NOTES,
        family="clothing",
    ),
    ("Men", "Shirts"): Kind(
        items="""
        Oxford Shirt
        Flannel Shirt
        Dress Shirt
        Linen Shirt
        Denim Shirt
        Polo Shirt
        Camp Collar Shirt
        Chambray Shirt
        Overshirt
        """,
        price=(10, 60),
        weight=(6, 14),
        brands=(
            "Ralph Lauren, Polo Ralph Lauren, J.Crew, Brooks Brothers, Vineyard Vines, "
            "Banana Republic, Uniqlo, Tommy Hilfiger, Lacoste, Bonobos, Patagonia, "
            "Pendleton, L.L.Bean, Southern Tide, Johnnie-O, Hugo Boss"
        ),
        brand_share=0.8,
        styles=MEN_STYLES,
        sizes="men",
        colours=CLOTHING_COLOURS,
        notes=CLOTHING_NOTES,
        family="clothing",
    ),
    ("Men", "Jeans & pants"): Kind(
        items="""
        Slim Jeans
        Straight Jeans
        Chinos
        Cargo Pants
        Work Pants
        Dress Pants
        Joggers
        Corduroy Pants
        Chino Shorts
        """,
        price=(12, 80),
        weight=(14, 30),
        brands=(
            "Levi's, Wrangler, Carhartt, Lee, Bonobos, J.Crew, Gap, Uniqlo, "
            "Banana Republic, Everlane, American Eagle, Patagonia"
        ),
        brand_share=0.8,
        styles="Slim Fit, Relaxed Fit, Stretch, Dark Wash, Raw Denim",
        sizes="men_pants",
        colours=CLOTHING_COLOURS,
        notes=BOTTOMS_NOTES,
        family="clothing",
    ),
    ("Men", "Coats & jackets"): Kind(
        items="""
        Puffer Jacket
        Down Parka
        Rain Shell
        Fleece Jacket
        Denim Jacket
        Leather Jacket
        Bomber Jacket
        Chore Coat
        Peacoat
        Softshell Jacket
        Waxed Jacket
        """,
        price=(30, 220),
        weight=(20, 64),
        brands=(
            "The North Face, Patagonia, Arc'teryx, Carhartt, Columbia, Canada Goose, "
            "Barbour, Filson, Levi's, L.L.Bean, Marmot, Mountain Hardwear, "
            "Outdoor Research, Eddie Bauer, Moncler"
        ),
        brand_share=0.85,
        sizes="men",
        colours=CLOTHING_COLOURS,
        notes=CLOTHING_NOTES,
        family="clothing",
    ),
    ("Men", "Shoes"): Kind(
        items="""
        Chelsea Boots
        Work Boots
        Loafers
        Oxfords
        Derby Shoes
        Boat Shoes
        Slides
        Sandals
        Hiking Boots
        Moccasins
        """,
        price=(25, 150),
        weight=(32, 64),
        brands=(
            "Timberland, Dr. Martens, Clarks, Cole Haan, Sperry, Birkenstock, Merrell, "
            "Keen, Salomon, Teva, Chaco, UGG, Allbirds"
        ),
        brand_share=0.85,
        styles="Leather, Suede, Waterproof",
        sizes="men_shoes",
        colours=CLOTHING_COLOURS,
        notes=SHOE_NOTES,
        family="shoes",
    ),
    ("Men", "Sneakers"): Kind(
        items="""
        Nike|Air Force 1 '07|60|110
        Nike|Air Max 90|60|130
        Nike|Dunk Low|80|180
        Nike|Air Jordan 1 Mid|70|160
        Adidas|Samba OG|55|110
        Adidas|Ultraboost 22|50|120
        Adidas|Stan Smith|35|80
        New Balance|550|50|110
        New Balance|990v5|70|160
        Asics|Gel-Kayano 29|45|100
        Vans|Old Skool|25|55
        Converse|Chuck Taylor All Star High|20|50
        Hoka|Clifton 9|50|110
        On Running|Cloud 5|50|110
        Saucony|Jazz Original|25|60
        Puma|Suede Classic|25|60
        Reebok|Club C 85|30|65
        Golden Goose|Super-Star|200|420
        Common Projects|Achilles Low|150|300
        Veja|V-10|60|120
        Brooks|Ghost 15|45|100
        Salomon|XT-6|90|170
        """,
        price=(30, 120),
        weight=(32, 56),
        sizes="men_shoes",
        colours=CLOTHING_COLOURS,
        notes=SHOE_NOTES,
        family="shoes",
    ),
    ("Men", "Watches"): Kind(
        items="""
        Seiko|5 Sports Automatic|120|260
        Casio|G-Shock DW5600|35|80
        Casio|F-91W|8|20
        Citizen|Eco-Drive Chronograph|80|220
        Timex|Weekender|20|45
        Fossil|Grant Chronograph|40|95
        Tissot|PRX Quartz|180|330
        Bulova|Precisionist|120|280
        Garmin|Forerunner 255|120|230
        Apple|Watch Series 8 45mm|180|300
        Omega|Seamaster Quartz (1990s)|900|1800
        Tag Heuer|Aquaracer|700|1400
        Movado|Museum Classic|150|350
        Swatch|Originals Gent|20|50
        """,
        price=(20, 200),
        weight=(6, 16),
        colours="metal",
        notes=("Keeps perfect time.", "New battery last month.", *JEWELRY_NOTES[1:]),
    ),
    ("Men", "Accessories"): Kind(
        items="""
        Leather Belt
        Wallet
        Baseball Cap
        Beanie
        Sunglasses
        Silk Tie
        Backpack
        Card Holder
        Scarf
        Duffel Bag
        """,
        price=(10, 90),
        weight=(3, 32),
        brands=(
            "Ray-Ban, Oakley, Carhartt, Patagonia, Herschel, Fossil, Coach, "
            "Ralph Lauren, Tumi, JanSport, Filson, Nike, Stüssy"
        ),
        brand_share=0.7,
        colours=CLOTHING_COLOURS,
        notes=BAG_NOTES[:2] + GENERAL_NOTES,
    ),
}
