"""What sells in each Kids category."""

from demo.vocabulary.kinds import Kind
from demo.vocabulary.wording import (
    BABY_NOTES,
    CLOTHING_COLOURS,
    HOME_NOTES,
    SHOE_NOTES,
)

KINDS: dict[tuple[str, str], Kind] = {
    ("Kids", "Baby clothing"): Kind(
        items="""
        Onesie Set
        Sleeper
        Footed Pajamas
        Romper
        Bodysuit Bundle (5 pcs)
        Knit Cardigan
        Snowsuit
        Swaddle Set
        Baby Clothes Lot (20 pcs)
        """,
        price=(5, 35),
        weight=(6, 24),
        brands="Carter's, OshKosh, Hanna Andersson, Janie and Jack, Gap Kids, Old Navy",
        brand_share=0.75,
        sizes="baby",
        colours=CLOTHING_COLOURS,
        notes=(
            "Outgrown before it was worn much.",
            "No stains.",
            "Washed in free & clear detergent.",
        ),
        family="clothing",
    ),
    ("Kids", "Girls' clothing"): Kind(
        items="""
        Dress
        Leggings Set
        Tutu Skirt
        Hoodie
        Puffer Jacket
        Swimsuit
        Pajama Set
        Denim Jacket
        Clothing Bundle (8 pcs)
        """,
        price=(6, 40),
        weight=(6, 32),
        brands=(
            "Gap Kids, Carter's, Hanna Andersson, Janie and Jack, Old Navy, Nike, "
            "Adidas, H&M, Zara, Patagonia"
        ),
        brand_share=0.75,
        sizes="kids",
        colours=CLOTHING_COLOURS,
        notes=(
            "Outgrown, still lots of wear left.",
            "No stains or holes.",
            "Smoke-free home.",
        ),
        family="clothing",
    ),
    ("Kids", "Boys' clothing"): Kind(
        items="""
        Graphic Tee
        Hoodie
        Jeans
        Joggers
        Polo Shirt
        Puffer Jacket
        Pajama Set
        Swim Trunks
        Clothing Bundle (10 pcs)
        """,
        price=(6, 40),
        weight=(6, 32),
        brands=(
            "Gap Kids, Carter's, OshKosh, Old Navy, Nike, Adidas, Under Armour, H&M, "
            "Patagonia, Hanna Andersson"
        ),
        brand_share=0.75,
        sizes="kids",
        colours=CLOTHING_COLOURS,
        notes=(
            "Outgrown, still lots of wear left.",
            "No stains or holes.",
            "Smoke-free home.",
        ),
        family="clothing",
    ),
    ("Kids", "Kids' shoes"): Kind(
        items="""
        Sneakers
        Rain Boots
        Snow Boots
        Sandals
        Light-Up Sneakers
        Water Shoes
        Mary Janes
        """,
        price=(8, 45),
        weight=(12, 32),
        brands="Nike, Adidas, Converse, Vans, Crocs, UGG, Skechers, Keen, New Balance",
        brand_share=0.8,
        sizes="kids_shoes",
        colours=CLOTHING_COLOURS,
        notes=SHOE_NOTES,
        family="shoes",
    ),
    ("Kids", "Strollers & car seats"): Kind(
        items="""
        UPPAbaby|Vista V2 Stroller|350|650|480
        UPPAbaby|Cruz V2 Stroller|200|400|400
        UPPAbaby|Mesa Infant Car Seat|90|180|240
        Graco|Modes Travel System|90|180|560
        Graco|4Ever DLX Car Seat|100|190|400
        Chicco|KeyFit 30 Infant Car Seat|70|140|240
        Chicco|Bravo Trio Travel System|120|220|560
        Britax|B-Free Stroller|150|280|400
        Britax|Boulevard ClickTight Car Seat|120|220|400
        Baby Bjorn|Baby Carrier One|60|120|48
        |Umbrella Stroller|20|60|200
        |Jogging Stroller|60|180|480
        |Stroller Rain Cover|8|20|12
        """,
        price=(20, 200),
        weight=(160, 500),
        colours="gear",
        notes=BABY_NOTES,
    ),
    ("Kids", "Nursery"): Kind(
        items="""
        Crib Mobile
        Changing Pad
        Baby Monitor
        Bassinet
        Crib Sheets (set of 3)
        Diaper Caddy
        Night Light
        Play Mat
        Baby Bouncer
        Glider Cushions
        """,
        price=(10, 120),
        weight=(16, 240),
        brands="Fisher-Price, Baby Bjorn, Graco, Hape, Melissa & Doug, Philips",
        brand_share=0.5,
        colours="home",
        notes=BABY_NOTES[1:] + HOME_NOTES[1:3],
    ),
}
