"""What sells in each Beauty category."""

from demo.vocabulary.kinds import Kind
from demo.vocabulary.wording import (
    BEAUTY_NOTES,
    TECH_NOTES,
)

KINDS: dict[tuple[str, str], Kind] = {
    ("Beauty", "Makeup"): Kind(
        items="""
        Charlotte Tilbury|Pillow Talk Lipstick|15|30
        Fenty Beauty|Pro Filt'r Foundation|20|35
        Urban Decay|Naked Eyeshadow Palette|25|45
        Too Faced|Better Than Sex Mascara|12|22
        NARS|Radiant Creamy Concealer|15|28
        MAC|Matte Lipstick|10|18
        Benefit|Hoola Bronzer|18|30
        Huda Beauty|Obsessions Palette|15|25
        Glossier|Cloud Paint|10|18
        Maybelline|Sky High Mascara|6|12
        NYX|Butter Gloss Bundle|8|18
        e.l.f.|Power Grip Primer|5|10
        Clinique|Almost Lipstick Black Honey|12|20
        Estée Lauder|Double Wear Foundation|25|40
        Lancôme|Hypnôse Mascara|15|25
        |Makeup Bundle (10 pcs)|20|50
        """,
        price=(5, 40),
        weight=(2, 10),
        notes=BEAUTY_NOTES,
        conditions="beauty",
    ),
    ("Beauty", "Skincare"): Kind(
        items="""
        The Ordinary|Niacinamide 10% + Zinc|5|10
        CeraVe|Moisturizing Cream 16 oz|10|18
        La Roche-Posay|Anthelios Sunscreen|15|25
        Tatcha|The Water Cream|40|60
        Glossier|Milky Jelly Cleanser|10|18
        Kate Somerville|ExfoliKate|40|70
        Mario Badescu|Facial Spray Trio|10|20
        Olay|Regenerist Cream|15|25
        Neutrogena|Hydro Boost Gel|8|14
        Clinique|Moisture Surge|20|35
        Sol de Janeiro|Bum Bum Cream|25|40
        |Skincare Sample Bundle|10|30
        """,
        price=(5, 40),
        weight=(4, 16),
        notes=BEAUTY_NOTES[1:],
        conditions="beauty",
    ),
    ("Beauty", "Fragrance"): Kind(
        items="""
        Chanel|Coco Mademoiselle EDP 50 ml|80|120
        Dior|Sauvage EDT 100 ml|80|120
        Jo Malone|Wood Sage & Sea Salt 100 ml|90|130
        Tom Ford|Black Orchid EDP 50 ml|100|150
        Yves Saint Laurent|Black Opium 50 ml|70|110
        Gucci|Bloom EDP 50 ml|70|100
        Versace|Eros EDT 100 ml|50|80
        Sol de Janeiro|Cheirosa 62 Mist|20|30
        Bath & Body Works|Body Mist Set|10|25
        Burberry|Her EDP 50 ml|60|95
        Prada|Paradoxe EDP 50 ml|80|115
        Valentino|Born in Roma 50 ml|80|115
        """,
        price=(20, 100),
        weight=(8, 16),
        notes=(
            "Sprayed a few times; about 95% full.",
            "Comes with the box.",
            *BEAUTY_NOTES[1:2],
        ),
        conditions="beauty",
    ),
    ("Beauty", "Hair care"): Kind(
        items="""
        Olaplex|No. 3 Hair Perfector|15|25|6
        Dyson|Supersonic Hair Dryer|250|330|48
        Dyson|Airwrap Complete|350|480|64
        GHD|Platinum+ Styler|130|200|32
        T3|Cura Hair Dryer|90|150|48
        Babyliss|Pro Nano Titanium Flat Iron|60|100|24
        Hot Tools|1" Curling Iron|20|40|24
        Conair|Infiniti Pro Hot Brush|20|35|32
        Paul Mitchell|Tea Tree Shampoo Liter|15|25|40
        Aveda|Shampoo & Conditioner Set|30|50|32
        Chi|Original Flat Iron|40|70|24
        """,
        price=(10, 80),
        weight=(8, 48),
        colours="tech",
        notes=("Cleaned and works perfectly.", *BEAUTY_NOTES[1:2], *TECH_NOTES[1:2]),
        conditions="beauty",
    ),
    ("Beauty", "Nail care"): Kind(
        items="""
        Gel Polish Set (12 colors)
        UV/LED Nail Lamp
        Press-On Nails (3 sets)
        Nail Polish Lot (20)
        Manicure Kit
        Electric Nail Drill
        Sephora|Nail Polish Set|10|20
        """,
        price=(8, 40),
        weight=(4, 24),
        notes=BEAUTY_NOTES[1:2]
        + ("Colors shown in the photos.", "Most bottles barely used."),
        conditions="beauty",
    ),
    ("Beauty", "Tools & brushes"): Kind(
        items="""
        Sephora|Brush Set (10 pcs)|20|40
        Revlon|One-Step Volumizer|25|40|40
        Conair|True Glow Facial Brush|10|25
        Braun|Silk-épil 9 Epilator|50|90
        Wahl|Clipper Kit|25|45|32
        Oral-B|iO Series 9|120|190
        Sonicare|DiamondClean|90|150
        |Jade Roller & Gua Sha|8|18
        |Lighted Makeup Mirror|20|45|48
        |Makeup Sponge Set|8|16
        """,
        price=(8, 60),
        weight=(4, 40),
        notes=(
            "Cleaned and sanitized.",
            "New brush heads included.",
            *BEAUTY_NOTES[1:2],
        ),
        conditions="beauty",
    ),
}
