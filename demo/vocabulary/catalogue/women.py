"""What sells in each Women category."""

from demo.vocabulary.kinds import Kind
from demo.vocabulary.wording import (
    BAG_NOTES,
    BOTTOMS_NOTES,
    CLOTHING_COLOURS,
    CLOTHING_NOTES,
    JEWELRY_NOTES,
    SHOE_NOTES,
    WOMEN_STYLES,
)

KINDS: dict[tuple[str, str], Kind] = {
    ("Women", "Tops & blouses"): Kind(
        items="""
        Blouse
        Button-Down Shirt
        Wrap Top
        Cami
        Tank Top
        Sweater
        Cardigan
        Crop Top
        Tunic
        Turtleneck
        Peplum Top
        """,
        price=(8, 45),
        weight=(5, 14),
        brands=(
            "Zara, H&M, Madewell, Free People, Anthropologie, Aritzia, J.Crew, "
            "Reformation, Everlane, Loft, Banana Republic, Ann Taylor, Eileen Fisher, "
            "Uniqlo, Gap, Old Navy"
        ),
        brand_share=0.8,
        styles=WOMEN_STYLES,
        sizes="women",
        colours=CLOTHING_COLOURS,
        notes=CLOTHING_NOTES,
        family="clothing",
    ),
    ("Women", "Dresses"): Kind(
        items="""
        Midi Dress
        Maxi Dress
        Mini Dress
        Wrap Dress
        Slip Dress
        Shirt Dress
        Sundress
        Sweater Dress
        Cocktail Dress
        Smocked Dress
        """,
        price=(12, 90),
        weight=(8, 20),
        brands=(
            "Reformation, Free People, Anthropologie, Zara, H&M, Madewell, J.Crew, "
            "Banana Republic, Loft, Ann Taylor, Ralph Lauren, Calvin Klein, "
            "Kate Spade, Tory Burch, Ganni, Michael Kors"
        ),
        brand_share=0.8,
        styles="Floral, Linen, Satin, Velvet, Eyelet, Polka Dot, Knit",
        sizes="women_mixed",
        colours=CLOTHING_COLOURS,
        notes=CLOTHING_NOTES,
        family="clothing",
    ),
    ("Women", "Jeans"): Kind(
        items="""
        Skinny Jeans
        Straight-Leg Jeans
        Mom Jeans
        Wide-Leg Jeans
        Bootcut Jeans
        Flare Jeans
        Boyfriend Jeans
        Jean Shorts
        """,
        price=(15, 70),
        weight=(16, 28),
        brands=(
            "Levi's, Madewell, Abercrombie, American Eagle, Gap, J.Crew, Wrangler, "
            "Lee, Free People, Everlane, Zara, Old Navy, Hollister, Calvin Klein"
        ),
        brand_share=0.85,
        styles="High-Rise, Mid-Rise, Distressed, Dark Wash, Light Wash, Black",
        sizes="women_jeans",
        notes=BOTTOMS_NOTES,
        family="clothing",
    ),
    ("Women", "Coats & jackets"): Kind(
        items="""
        Puffer Jacket
        Trench Coat
        Wool Coat
        Denim Jacket
        Leather Jacket
        Rain Jacket
        Blazer
        Fleece Jacket
        Parka
        Quilted Vest
        """,
        price=(25, 180),
        weight=(20, 56),
        brands=(
            "The North Face, Patagonia, Columbia, Canada Goose, Barbour, Burberry, "
            "Levi's, Zara, J.Crew, Madewell, Aritzia, Lululemon, Arc'teryx, Marmot, "
            "L.L.Bean, Eddie Bauer"
        ),
        brand_share=0.8,
        styles="Cropped, Longline, Oversized, Belted, Waterproof, Faux Fur",
        sizes="women",
        colours=CLOTHING_COLOURS,
        notes=CLOTHING_NOTES,
        family="clothing",
    ),
    ("Women", "Shoes"): Kind(
        items="""
        Ankle Boots
        Knee-High Boots
        Ballet Flats
        Loafers
        Heels
        Sandals
        Mules
        Running Shoes
        Platform Sneakers
        Clogs
        """,
        price=(20, 120),
        weight=(24, 48),
        brands=(
            "Steve Madden, Sam Edelman, Dr. Martens, UGG, Birkenstock, Clarks, Nike, "
            "Adidas, Vans, Converse, Tory Burch, Coach, Hoka, Veja, Allbirds, Rothy's, "
            "Teva, Cole Haan, Timberland"
        ),
        brand_share=0.85,
        styles="Leather, Suede, Block-Heel, Pointed-Toe, Chunky",
        sizes="women_shoes",
        colours=CLOTHING_COLOURS,
        notes=SHOE_NOTES,
        family="shoes",
    ),
    ("Women", "Bags & purses"): Kind(
        items="""
        Crossbody Bag
        Tote Bag
        Shoulder Bag
        Clutch
        Mini Backpack
        Belt Bag
        Wallet
        Satchel
        Bucket Bag
        Hobo Bag
        """,
        price=(15, 180),
        weight=(10, 40),
        brands=(
            "Coach, Kate Spade, Michael Kors, Tory Burch, Marc Jacobs, Louis Vuitton, "
            "Gucci, Prada, Longchamp, Vera Bradley, Dooney & Bourke, Rebecca Minkoff, "
            "Fossil, Herschel, Kipling, Brahmin, Fjällräven"
        ),
        brand_share=0.85,
        styles="Leather, Quilted, Canvas, Woven, Pebbled Leather",
        colours=CLOTHING_COLOURS,
        notes=BAG_NOTES,
    ),
    ("Women", "Jewelry"): Kind(
        items="""
        Necklace
        Pendant Necklace
        Hoop Earrings
        Stud Earrings
        Bracelet
        Charm Bracelet
        Ring
        Anklet
        Brooch
        Cuff Bracelet
        """,
        price=(10, 120),
        weight=(2, 6),
        brands=(
            "Pandora, Kendra Scott, Swarovski, Alex and Ani, Tiffany & Co., "
            "David Yurman"
        ),
        brand_share=0.45,
        styles=(
            "Sterling Silver, 14k Gold-Filled, Pearl, Beaded, Minimalist, Layered, "
            "Crystal, Turquoise"
        ),
        colours="metal",
        notes=JEWELRY_NOTES,
    ),
    ("Women", "Activewear"): Kind(
        items="""
        Leggings
        Sports Bra
        Running Shorts
        Yoga Pants
        Zip-Up Jacket
        Workout Tank
        Joggers
        Half-Zip Pullover
        Bike Shorts
        Tennis Skirt
        """,
        price=(10, 70),
        weight=(5, 16),
        brands=(
            "Lululemon, Athleta, Nike, Adidas, Under Armour, Outdoor Voices, "
            "Fabletics, Gymshark, Puma, Reebok, Champion"
        ),
        brand_share=0.85,
        styles="High-Waisted, Seamless, Cropped, Reflective",
        sizes="women",
        colours=CLOTHING_COLOURS,
        notes=CLOTHING_NOTES,
        family="clothing",
    ),
    ("Women", "Swimwear"): Kind(
        items="""
        Bikini Set
        One-Piece Swimsuit
        Bikini Top
        Swim Bottoms
        Cover-Up
        Rash Guard
        Tankini
        """,
        price=(10, 60),
        weight=(4, 10),
        brands="Roxy, Billabong, Athleta, Free People, J.Crew, Old Navy",
        brand_share=0.6,
        styles="Ribbed, Floral, High-Waisted, Ruffled",
        sizes="women",
        colours=CLOTHING_COLOURS,
        notes=CLOTHING_NOTES[1:],
        family="clothing",
    ),
}
