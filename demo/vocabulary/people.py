"""People: names, shop names, bios, where members live and when they list."""

FIRST_NAMES = [
    "Maya", "Olivia", "Emma", "Ava", "Sophia", "Isabella", "Mia", "Amelia", "Harper",
    "Evelyn", "Abigail", "Emily", "Ella", "Chloe", "Grace", "Zoe", "Lily", "Hannah",
    "Nora", "Aaliyah", "Camila", "Priya", "Mei", "Yuki", "Fatima", "Leila", "Rosa",
    "Lucia", "Gabriela", "Jasmine", "Keisha", "Tasha", "Brianna", "Megan", "Rachel",
    "Sarah", "Jessica", "Ashley", "Lauren", "Kayla", "Liam", "Noah", "Oliver", "Elijah",
    "James", "William", "Benjamin", "Lucas", "Henry", "Alexander", "Mason", "Michael",
    "Ethan", "Daniel", "Jacob", "Logan", "Jackson", "Sebastian", "Mateo", "Jack",
    "Owen", "Samuel", "Wyatt", "Leo", "Isaac", "Marcus", "Andre", "Darnell", "Jamal",
    "Diego", "Carlos", "Luis", "Miguel", "Hiro", "Kenji", "Raj", "Arjun", "Omar",
    "Tariq", "Kevin", "Ryan", "Tyler", "Brandon", "Justin", "Kyle", "Derek", "Tom",
    "Frank", "Linda", "Susan", "Karen", "Nancy", "Betty", "Carol", "Ruth", "Joyce",
    "Gloria", "Diane"
]  # fmt: skip
LAST_NAMES = [
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
    "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson",
    "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson",
    "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker",
    "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
    "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell",
    "Carter", "Roberts", "Patel", "Kim", "Chen", "Wang", "Tanaka", "Singh", "Cohen",
    "O'Brien", "Murphy", "Sullivan", "Kowalski", "Novak", "Rossi", "Bianchi", "Okafor",
    "Mensah", "Haddad", "Nakamura", "Park", "Reyes", "Ortiz", "Morales", "Brooks",
    "Bennett", "Hayes", "Foster", "Price", "Russell", "Griffin", "Hughes", "Sanders"
]  # fmt: skip
SHOP_USERNAMES = [
    "{first}s_closet",
    "shopwith{first}",
    "{first}_finds",
    "vintage_by_{first}",
    "{first}{last}_resale",
    "the_{last}_attic",
    "{first}sells",
    "thrifty_{first}",
    "{last}family_goods",
]
SHOP_NAMES = [
    "{first}'s Closet",
    "{first}'s Finds",
    "The {last} Attic",
    "Vintage by {first}",
    "{first} Resale",
]
BIO_OPENERS = [
    "Hi, I'm {first}! Selling mostly {things} from {state}.",
    "{state}-based seller. Mostly {things}.",
    "Decluttering one closet at a time in {state}. Lots of {things}.",
    "Part-time reseller in {state}: {things}, a little of everything.",
    "Mom of two, clearing out the house: {things}, mostly.",
    "Collector and flipper. Mostly {things}.",
    "Moving soon, so everything must go — mostly {things}.",
    "{first} here. I love a good thrift find: {things}.",
]
BIO_LINES = [
    "I ship within one business day.",
    "Smoke-free, pet-free home.",
    "Bundles welcome — message me for a deal.",
    "Reasonable offers considered.",
    "Everything is described honestly; ask for more photos anytime.",
    "Packed carefully, often in recycled boxes.",
    "Ships Monday to Saturday.",
    "Cat in the house, but everything is lint-rolled.",
    "New items added every week.",
    "Five-star seller since day one.",
]
DEPARTMENT_PHRASES = {
    "Women": "women's clothes",
    "Men": "menswear",
    "Kids": "kids' stuff",
    "Home": "home goods",
    "Electronics": "electronics",
    "Toys & collectibles": "toys and collectibles",
    "Sports & outdoors": "outdoor gear",
    "Beauty": "beauty products",
    "Books, music & media": "books and records",
    "Vintage & antiques": "vintage finds",
    "Other": "odds and ends",
}
# Roughly by population, so big states have more sellers.
STATE_WEIGHTS = {
    "CA": 39, "TX": 30, "FL": 22, "NY": 20, "PA": 13, "IL": 12, "OH": 12, "GA": 11,
    "NC": 11, "MI": 10, "NJ": 9, "VA": 9, "WA": 8, "AZ": 7, "TN": 7, "MA": 7, "IN": 7,
    "MO": 6, "MD": 6, "WI": 6, "CO": 6, "MN": 6, "SC": 5, "AL": 5, "LA": 5, "KY": 5,
    "OR": 4, "OK": 4, "CT": 4, "UT": 3, "IA": 3, "NV": 3, "AR": 3, "MS": 3, "KS": 3,
    "PR": 3, "NM": 2, "NE": 2, "ID": 2, "WV": 2, "HI": 1, "NH": 1, "ME": 1, "MT": 1,
    "RI": 1, "DE": 1, "SD": 1, "ND": 1, "AK": 1, "DC": 1, "VT": 1, "WY": 1,
}  # fmt: skip
# First three digits of each state's ZIP codes.
ZIP_PREFIXES = {
    "AL": (350, 369), "AK": (995, 999), "AZ": (850, 865), "AR": (716, 729),
    "CA": (900, 961), "CO": (800, 816), "CT": (60, 69), "DE": (197, 199),
    "DC": (200, 205), "FL": (320, 349), "GA": (300, 319), "HI": (967, 968),
    "ID": (832, 838), "IL": (600, 629), "IN": (460, 479), "IA": (500, 528),
    "KS": (660, 679), "KY": (400, 427), "LA": (700, 714), "ME": (39, 49),
    "MD": (206, 219), "MA": (10, 27), "MI": (480, 499), "MN": (550, 567),
    "MS": (386, 397), "MO": (630, 658), "MT": (590, 599), "NE": (680, 693),
    "NV": (889, 898), "NH": (30, 38), "NJ": (70, 89), "NM": (870, 884),
    "NY": (100, 149), "NC": (270, 289), "ND": (580, 588), "OH": (430, 459),
    "OK": (730, 749), "OR": (970, 979), "PA": (150, 196), "PR": (6, 9),
    "RI": (28, 29), "SC": (290, 299), "SD": (570, 577), "TN": (370, 385),
    "TX": (750, 799), "UT": (840, 847), "VT": (50, 59), "VA": (220, 246),
    "WA": (980, 994), "WV": (247, 268), "WI": (530, 549), "WY": (820, 831),
}  # fmt: skip
# When people list things, by local hour: evenings and weekends-ish mornings.
HOUR_WEIGHTS = [1, 1, 0, 0, 0, 0, 1, 2, 3, 4, 5, 5, 6, 6, 5, 5, 5, 6, 7, 9, 10, 9, 6, 3]
