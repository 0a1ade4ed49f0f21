"""Listing wording shared by every category: conditions, sizes, colours, notes.

Keys of the condition tables are `Listing.Condition` values.
"""

DEPARTMENT_WEIGHTS = {
    "Women": 1.8,
    "Men": 1.2,
    "Kids": 0.9,
    "Home": 1.0,
    "Electronics": 1.2,
    "Toys & collectibles": 0.9,
    "Sports & outdoors": 0.7,
    "Beauty": 0.7,
    "Books, music & media": 0.7,
    "Vintage & antiques": 0.6,
    "Other": 0.4,
}
# Weights in Listing.Condition order: new, like new, good, fair, poor.
CONDITION_WEIGHTS = {
    "usual": [15, 30, 35, 15, 5],
    "beauty": [55, 35, 10, 0, 0],
    "vintage": [2, 10, 50, 30, 8],
    "media": [10, 30, 45, 12, 3],
}
CONDITION_PRICE_FACTORS = {
    "new": 1.0,
    "like_new": 0.9,
    "good": 0.78,
    "fair": 0.6,
    "poor": 0.4,
}
LUXURY_BRANDS = {
    "Gucci", "Prada", "Louis Vuitton", "Chanel", "Hermès", "Dior", "Burberry",
    "Versace", "Fendi", "Balenciaga", "Saint Laurent", "Givenchy", "Valentino",
    "Canada Goose", "Moncler", "Tiffany & Co.", "David Yurman", "Cartier",
    "Golden Goose", "Common Projects", "Rimowa", "Tom Ford",
}  # fmt: skip
NEW_TAGS = {"clothing": "NWT", "shoes": "new in box", "goods": "new", "media": "sealed"}
SIZES = {
    "women": ["XS", "S", "M", "L", "XL", "XXL"],
    "women_mixed": [
        "XS", "S", "M", "L", "XL", "0", "2", "4", "6", "8", "10", "12", "14",
    ],
    "women_jeans": ["24", "25", "26", "27", "28", "29", "30", "31", "32", "34"],
    "women_shoes": [
        "5", "5.5", "6", "6.5", "7", "7.5", "8", "8.5", "9", "9.5", "10", "11",
    ],
    "men": ["S", "M", "L", "XL", "XXL"],
    "men_pants": [
        "30x30", "30x32", "32x30", "32x32", "33x32", "34x30", "34x32", "36x30", "36x32",
        "38x32",
    ],
    "men_shoes": ["7", "8", "8.5", "9", "9.5", "10", "10.5", "11", "11.5", "12", "13"],
    "baby": [
        "Newborn", "0-3 months", "3-6 months", "6-9 months", "6-12 months", "12 months",
        "18 months", "24 months",
    ],
    "kids": ["2T", "3T", "4T", "5", "6", "7", "8", "10", "12", "14"],
    "kids_shoes": [
        "Toddler 5", "Toddler 6", "Toddler 7", "Toddler 8", "Toddler 9", "Toddler 10",
        "Youth 11", "Youth 12", "Youth 13", "Youth 1", "Youth 2", "Youth 3",
    ],
    "bedding": ["Twin", "Full", "Queen", "King", "California King"],
    "unisex": ["XS", "S", "M", "L", "XL"],
}  # fmt: skip
COLOURS = {
    "clothing": [
        "Black", "White", "Gray", "Navy", "Blue", "Light blue", "Red", "Burgundy",
        "Green", "Olive", "Beige", "Tan", "Brown", "Pink", "Purple", "Yellow",
        "Orange", "Cream", "Multicolor",
    ],
    "metal": ["Gold", "Silver", "Rose gold", "Two-tone"],
    "tech": ["Black", "White", "Silver", "Space gray", "Blue", "Graphite", "Midnight"],
    "home": ["White", "Black", "Natural", "Gray", "Beige", "Walnut", "Sage", "Blue"],
    "gear": ["Black", "Gray", "Blue", "Red", "Green", "Orange", "Yellow"],
}  # fmt: skip
OPENERS = [
    "Selling my {thing}.",
    "{thing}.",
    "Up for grabs: {thing}.",
    "Clearing out and listing this {thing}.",
    "Great {thing} looking for a new home.",
    "{thing}, bought last year.",
    "Gently loved {thing}.",
]
CONDITION_LINES = {
    "new": [
        "Brand new, never used.",
        "New and unopened — it was a gift I never used.",
        "Still in the original packaging.",
        "New with tags attached.",
    ],
    "like_new": [
        "Used once or twice; looks brand new.",
        "Like new, no signs of wear.",
        "In excellent condition.",
        "Barely used, kept in its box.",
    ],
    "good": [
        "In good used condition.",
        "Gently used with minor signs of wear (see photos).",
        "Works perfectly; a few light marks.",
        "Some normal wear, nothing major.",
    ],
    "fair": [
        "Shows visible wear, priced to match.",
        "Has some flaws (see the last photo), nothing that affects use.",
        "Well loved, with a small scuff and some fading.",
    ],
    "poor": [
        "Sold as is: needs some repair.",
        "For parts or a project; has damage, see photos.",
        "Heavily used, priced accordingly.",
    ],
}
CLOSERS = [
    "Smoke-free, pet-free home.",
    "Ships within 1 business day.",
    "Bundle with my other listings to save on shipping.",
    "Open to reasonable offers.",
    "Message me with any questions.",
    "Packed with care.",
    "No returns, so please ask before buying.",
    "Price is firm.",
    "Check out my other items!",
]
GENERAL_NOTES = (
    "Clean and ready to use.",
    "Everything shown in the photos is included.",
    "Happy to send more photos.",
)
CLOTHING_NOTES = (
    'Measurements: {pit}" pit to pit, {length}" long.',
    "Fits true to size.",
    "No stains, holes or pilling.",
    "Washed and ready to wear.",
    "Worn only {uses} times.",
    "Runs slightly small, so check the measurements.",
)
BOTTOMS_NOTES = CLOTHING_NOTES[1:] + ('Inseam {inseam}".',)
SHOE_NOTES = (
    "Soles have plenty of life left.",
    "Comes with the original box.",
    "Insoles are clean.",
    "Fits true to size.",
    "Worn {uses} times, mostly indoors.",
)
BAG_NOTES = (
    "Clean inside, no stains or odors.",
    "Hardware has no scratches.",
    "Comes with the dust bag.",
    "Corners show light wear.",
    "Lots of pockets; fits a tablet.",
)
JEWELRY_NOTES = (
    "Never tarnished; stored in a pouch.",
    "Comes in a gift box.",
    "Clasp works perfectly.",
    "Hypoallergenic and nickel-free.",
)
TECH_NOTES = (
    "Factory reset and ready to set up.",
    "Tested and fully working.",
    "Charger and cable included.",
    "Battery health {battery}%.",
    "Always kept in a case with a screen protector.",
    "Original box included.",
)
HOME_NOTES = (
    'Measures about {width}" x {depth}" x {height}".',
    "From a smoke-free home.",
    "Clean, no chips or cracks.",
    "Selling because we redecorated.",
    "Packed very carefully.",
)
TOY_NOTES = (
    "All pieces included — I checked twice.",
    "Box shows some shelf wear.",
    "Batteries not included.",
    "From a smoke-free home.",
    "Great gift idea.",
)
SPORT_NOTES = (
    "Used for one season.",
    "Stored indoors.",
    "Works great, selling because I upgraded.",
    "Light cosmetic scratches only.",
)
BEAUTY_NOTES = (
    "Swatched once with a clean brush.",
    "Authentic, bought at Sephora.",
    "Expires {year}.",
    "About 90% full.",
    "Not my shade, so it has to go.",
)
MEDIA_NOTES = (
    "No highlighting or writing inside.",
    "Discs are scratch-free and play perfectly.",
    "Spine is uncreased.",
    "Smoke-free home.",
    "Sleeve has light shelf wear.",
)
VINTAGE_NOTES = (
    "Genuine vintage, around the {decade}s.",
    "Some age-appropriate wear.",
    "Found at an estate sale.",
    "A rare find in this condition.",
    "Inherited from my grandmother.",
)
BABY_NOTES = (
    "Never in an accident; expires {year}.",
    "All covers machine-washed.",
    "Folds easily; fits in a small trunk.",
    "From a smoke-free home.",
)

CLOTHING_COLOURS = "clothing"
WOMEN_STYLES = (
    "Oversized, Cropped, Linen, Silk, Ribbed, Floral, Striped, Lightweight, Knit, "
    "Satin, Cotton"
)
MEN_STYLES = "Slim Fit, Relaxed Fit, Heavyweight, Vintage, Organic Cotton"
