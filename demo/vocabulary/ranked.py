"""Zipf-ranked words the benchmark generator (bench/generate.py) builds listings from.

Every list is in rank order: generate.py draws from it with Zipf weights
(rank r gets weight 1 / r**s), so the first entries are common and the last
rare. The exact document frequency of every word is counted while
generating and written to bench/out/words.json.

Keys are the department and category names seeded by
listings/migrations/0002_seed_catalogue.py; a category missing here falls
back to its department's nouns, an unknown department to GENERIC_NOUNS.
"""


def words(text: str) -> list[str]:
    """A comma-separated list, stripped."""
    return [w.strip() for w in text.split(",") if w.strip()]


# Share of all listings per department (normalised by generate.py).
DEPARTMENT_WEIGHTS = {
    "Women": 22,
    "Men": 12,
    "Kids": 8,
    "Home": 10,
    "Electronics": 12,
    "Toys & collectibles": 8,
    "Sports & outdoors": 6,
    "Beauty": 8,
    "Books, music & media": 6,
    "Vintage & antiques": 4,
    "Other": 4,
}

# Typical price range in dollars (log-uniform inside it).
DEPARTMENT_PRICES = {
    "Women": (6, 180),
    "Men": (8, 220),
    "Kids": (4, 120),
    "Home": (8, 400),
    "Electronics": (15, 900),
    "Toys & collectibles": (5, 150),
    "Sports & outdoors": (10, 600),
    "Beauty": (5, 90),
    "Books, music & media": (3, 120),
    "Vintage & antiques": (10, 500),
    "Other": (4, 80),
}

# Weights of shipping tiers by position (0 = smallest) per department.
DEPARTMENT_TIERS = {
    "Women": [30, 45, 20, 5],
    "Men": [20, 45, 28, 7],
    "Kids": [20, 35, 25, 12, 5, 3],
    "Home": [5, 15, 30, 25, 15, 7, 3],
    "Electronics": [10, 30, 35, 15, 7, 3],
    "Toys & collectibles": [25, 35, 25, 10, 5],
    "Sports & outdoors": [5, 20, 30, 25, 12, 6, 2],
    "Beauty": [45, 40, 15],
    "Books, music & media": [30, 40, 22, 6, 2],
    "Vintage & antiques": [10, 25, 30, 20, 10, 4, 1],
    "Other": [25, 35, 25, 10, 5],
}

# Share of listings that name a brand, per department.
BRAND_SHARE = {
    "Women": 0.75,
    "Men": 0.75,
    "Kids": 0.6,
    "Home": 0.55,
    "Electronics": 0.9,
    "Toys & collectibles": 0.7,
    "Sports & outdoors": 0.65,
    "Beauty": 0.85,
    "Books, music & media": 0.35,
    "Vintage & antiques": 0.3,
    "Other": 0.3,
}

# Names exactly as in the seeded Brand table; ones not there are skipped.
DEPARTMENT_BRANDS = {
    "Women": words(
        "Zara, Lululemon, Free People, Madewell, Coach, Nike, Michael Kors, Levi's, "
        "H&M, Anthropologie, Kate Spade, Aritzia, J.Crew, Old Navy, Reformation, "
        "Steve Madden, Gap, Tory Burch, Athleta, Louis Vuitton, Gucci, Pandora, "
        "Kendra Scott, Banana Republic, Loft, Ann Taylor, Dr. Martens, UGG, "
        "Birkenstock, Vera Bradley, Longchamp, Chanel, Prada, Tiffany & Co., "
        "Swarovski, Spanx, Everlane, Eileen Fisher, Torrid, Fabletics"
    ),
    "Men": words(
        "Nike, Adidas, Levi's, Ralph Lauren, Carhartt, Patagonia, The North Face, "
        "Vans, Tommy Hilfiger, New Balance, Converse, Uniqlo, Columbia, Seiko, "
        "Calvin Klein, Timberland, Casio, Dr. Martens, Supreme, Stüssy, Fossil, "
        "Champion, Under Armour, Lacoste, Hugo Boss, Puma, Reebok, Asics, "
        "Brooks Brothers, Vineyard Vines, Citizen, Rolex, Omega, Tissot, Barbour, "
        "Filson, Arc'teryx, Canada Goose"
    ),
    "Kids": words(
        "Carter's, OshKosh, Gap Kids, Nike, Hanna Andersson, Graco, Old Navy, "
        "UPPAbaby, Chicco, Janie and Jack, Britax, Baby Bjorn, Fisher-Price, "
        "Adidas, Crocs, Skechers, Converse, Vans"
    ),
    "Home": words(
        "IKEA, Pottery Barn, KitchenAid, West Elm, Le Creuset, Cuisinart, "
        "Crate & Barrel, Dyson, Ninja, Instant Pot, Williams Sonoma, Yankee Candle, "
        "Lodge, Pyrex, Keurig, Nespresso, Staub, All-Clad, Vitamix, Breville, "
        "Weber, Traeger, Solo Stove, Shark, iRobot, Casper, Wayfair"
    ),
    "Electronics": words(
        "Apple, Samsung, Sony, Nintendo, Microsoft, Google, Bose, JBL, Beats, "
        "PlayStation, Xbox, Canon, Nikon, Dell, HP, Lenovo, Logitech, Fujifilm, "
        "Razer, GoPro, LG, Amazon, Ring, Nest, Sonos, Garmin, Fitbit, Asus, Acer, "
        "Sennheiser, Audio-Technica, Anker, Kindle, DJI, Polaroid, Panasonic"
    ),
    "Toys & collectibles": words(
        "Lego, Pokémon, Funko, Squishmallows, Mattel, Hasbro, Barbie, Hot Wheels, "
        "Jellycat, American Girl, Bandai, Magic: The Gathering, Yu-Gi-Oh!, Topps, "
        "Nerf, Panini, Playmobil, Melissa & Doug, Fisher-Price, Upper Deck, "
        "Games Workshop, Build-A-Bear"
    ),
    "Sports & outdoors": words(
        "Nike, Yeti, Lululemon, Patagonia, Hydro Flask, Callaway, Trek, "
        "TaylorMade, Titleist, Coleman, Specialized, Peloton, Burton, Osprey, "
        "Wilson, REI, Salomon, Garmin, Stanley, Bowflex, Rawlings, Oakley, "
        "Cannondale, Giant, Ping, Easton, Bauer, K2, Rossignol, O'Neill"
    ),
    "Beauty": words(
        "Sephora, Urban Decay, Too Faced, MAC, Fenty Beauty, Charlotte Tilbury, "
        "NARS, Glossier, Bath & Body Works, Clinique, Benefit, Dyson, "
        "Estée Lauder, Olaplex, Drunk Elephant, The Ordinary, CeraVe, "
        "Sol de Janeiro, Tatcha, Maybelline, NYX, e.l.f., Huda Beauty, Lancôme, "
        "Jo Malone, Tom Ford, Chanel, Dior, GHD, T3"
    ),
    "Books, music & media": words(
        "Penguin Random House, Scholastic, Marvel, Fender, Viz, DC Comics, "
        "Criterion, Yamaha, Gibson, Sony, Epiphone, Ibanez, Roland, Korg, Martin, "
        "Taylor, Technics"
    ),
    "Vintage & antiques": words(
        "Pyrex, Levi's Vintage, Fire-King, Polaroid, Kodak, Pendleton, "
        "Fiestaware, Hummel, Wedgwood, Waterford, Lenox, Royal Doulton, Spode, "
        "Sony, Technics, Singer"
    ),
    "Other": words(
        "Cricut, Kong, Moleskine, Singer, Brother, PetSafe, Ruffwear, Chewy, "
        "Leuchtturm1917, Pilot, Lamy, Prismacolor, Faber-Castell, Kurgo, Janome"
    ),
}

# What people sell in each category, most common first.
CATEGORY_NOUNS = {
    ("Women", "Tops & blouses"): words(
        "top, blouse, sweater, cardigan, tank, tee, camisole, tunic, bodysuit, "
        "turtleneck, peplum top, wrap top"
    ),
    ("Women", "Dresses"): words(
        "dress, maxi dress, midi dress, sundress, romper, jumpsuit, gown, "
        "slip dress, shirt dress"
    ),
    ("Women", "Jeans"): words(
        "jeans, skinny jeans, bootcut jeans, flare jeans, mom jeans, "
        "straight leg jeans, wide leg jeans, jeggings"
    ),
    ("Women", "Coats & jackets"): words(
        "jacket, coat, blazer, parka, puffer, trench, vest, bomber, raincoat, shacket"
    ),
    ("Women", "Shoes"): words(
        "boots, sandals, heels, flats, loafers, mules, pumps, wedges, booties, clogs"
    ),
    ("Women", "Bags & purses"): words(
        "tote, crossbody, purse, handbag, clutch, backpack, wallet, satchel, "
        "shoulder bag, hobo bag"
    ),
    ("Women", "Jewelry"): words(
        "necklace, earrings, bracelet, ring, pendant, anklet, brooch, charm, "
        "hoops, studs"
    ),
    ("Women", "Activewear"): words(
        "leggings, sports bra, joggers, shorts, hoodie, align pants, pullover, "
        "tank, biker shorts"
    ),
    ("Women", "Swimwear"): words(
        "bikini, swimsuit, one piece, cover up, rash guard, tankini, "
        "bikini top, swim bottoms"
    ),
    ("Men", "T-shirts"): words(
        "tee, graphic tee, pocket tee, henley, long sleeve tee, band tee, muscle tee"
    ),
    ("Men", "Shirts"): words(
        "shirt, button down, flannel, oxford shirt, polo, dress shirt, "
        "overshirt, camp shirt"
    ),
    ("Men", "Jeans & pants"): words(
        "jeans, chinos, trousers, cargo pants, joggers, slacks, khakis, carpenter pants"
    ),
    ("Men", "Coats & jackets"): words(
        "jacket, coat, parka, windbreaker, fleece, bomber, peacoat, anorak, "
        "trucker jacket, chore coat"
    ),
    ("Men", "Shoes"): words(
        "boots, loafers, oxfords, derby shoes, chelsea boots, slip ons, "
        "sandals, moccasins"
    ),
    ("Men", "Sneakers"): words(
        "sneakers, runners, trainers, high tops, low tops, basketball shoes, "
        "skate shoes, retro runners"
    ),
    ("Men", "Watches"): words(
        "watch, chronograph, diver watch, smartwatch, field watch, dress watch, "
        "automatic watch"
    ),
    ("Men", "Accessories"): words(
        "belt, wallet, cap, beanie, sunglasses, tie, scarf, gloves, cufflinks, duffel"
    ),
    ("Kids", "Baby clothing"): words(
        "onesie, sleeper, romper, bib set, swaddle, footie pajamas, baby bundle"
    ),
    ("Kids", "Girls' clothing"): words(
        "dress, leggings, tutu, skirt, cardigan, pajamas, hoodie, leotard"
    ),
    ("Kids", "Boys' clothing"): words(
        "hoodie, shorts, joggers, polo, pajamas, jacket, graphic tee, clothing lot"
    ),
    ("Kids", "Kids' shoes"): words(
        "sneakers, sandals, rain boots, slippers, light up shoes, cleats, water shoes"
    ),
    ("Kids", "Strollers & car seats"): words(
        "stroller, car seat, booster seat, travel system, jogging stroller, "
        "car seat base, wagon"
    ),
    ("Kids", "Nursery"): words(
        "crib, bassinet, glider, baby monitor, crib mobile, changing pad, "
        "baby swing, play mat"
    ),
    ("Home", "Kitchen & dining"): words(
        "skillet, dutch oven, stand mixer, blender, knife set, dinnerware, "
        "mugs, espresso machine, air fryer, cookware set"
    ),
    ("Home", "Furniture"): words(
        "chair, table, dresser, bookshelf, nightstand, sofa, desk, bench, "
        "ottoman, armchair"
    ),
    ("Home", "Home decor"): words(
        "vase, mirror, candle, picture frame, throw pillow, rug, wall art, "
        "planter, tapestry"
    ),
    ("Home", "Bedding & bath"): words(
        "comforter, duvet cover, quilt, sheet set, towels, throw blanket, "
        "pillowcases, bath mat"
    ),
    ("Home", "Lighting"): words(
        "lamp, pendant light, sconce, floor lamp, chandelier, string lights, desk lamp"
    ),
    ("Home", "Storage & organization"): words(
        "bins, baskets, shelf, organizer, drawer unit, shoe rack, rolling cart"
    ),
    ("Home", "Garden & patio"): words(
        "planter, grill, garden hose, patio set, fire pit, lantern, bird feeder, "
        "pizza oven"
    ),
    ("Electronics", "Cell phones"): words(
        "iphone, galaxy, pixel, phone, phone case, charger, unlocked phone"
    ),
    ("Electronics", "Computers & laptops"): words(
        "laptop, macbook, chromebook, desktop, monitor, keyboard, mouse, gaming pc"
    ),
    ("Electronics", "Tablets & e-readers"): words(
        "ipad, tablet, kindle, reader, stylus, folio case"
    ),
    ("Electronics", "Video games & consoles"): words(
        "console, controller, game, headset, handheld, cartridge, game bundle"
    ),
    ("Electronics", "Cameras & photo"): words(
        "camera, lens, mirrorless camera, dslr, tripod, speedlight, film camera"
    ),
    ("Electronics", "Headphones & audio"): words(
        "headphones, earbuds, speaker, soundbar, turntable, amplifier, receiver"
    ),
    ("Electronics", "TVs & home theater"): words(
        "tv, television, projector, soundbar, streaming stick, subwoofer"
    ),
    ("Electronics", "Smart home"): words(
        "doorbell, thermostat, smart speaker, smart plug, smart display, "
        "security camera"
    ),
    ("Toys & collectibles", "Action figures"): words(
        "action figure, playset, figure lot, vehicle, figurine"
    ),
    ("Toys & collectibles", "Building toys"): words(
        "set, bricks, minifigures, building kit, blocks"
    ),
    ("Toys & collectibles", "Dolls"): words(
        "doll, dollhouse, doll clothes, baby doll, fashion doll"
    ),
    ("Toys & collectibles", "Board games & puzzles"): words(
        "board game, puzzle, card game, jigsaw puzzle, strategy game"
    ),
    ("Toys & collectibles", "Trading cards"): words(
        "cards, booster box, binder, holo, graded card, deck, card lot"
    ),
    ("Toys & collectibles", "Stuffed animals"): words(
        "plush, teddy bear, stuffed animal, bunny, plushie"
    ),
    ("Toys & collectibles", "Collectible figures"): words(
        "figure, vinyl figure, statue, bobblehead, pop"
    ),
    ("Sports & outdoors", "Cycling"): words(
        "bike, helmet, road bike, mountain bike, pedals, cycling jersey, saddle"
    ),
    ("Sports & outdoors", "Camping & hiking"): words(
        "tent, backpack, sleeping bag, trekking poles, hiking boots, camp stove, cooler"
    ),
    ("Sports & outdoors", "Fitness equipment"): words(
        "dumbbells, kettlebell, yoga mat, treadmill, resistance bands, "
        "weight bench, rower"
    ),
    ("Sports & outdoors", "Golf"): words(
        "driver, irons, putter, golf bag, wedge, golf balls, rangefinder"
    ),
    ("Sports & outdoors", "Team sports"): words(
        "glove, bat, cleats, ball, shin guards, hockey stick, lacrosse stick"
    ),
    ("Sports & outdoors", "Water sports"): words(
        "wetsuit, paddle, kayak, snorkel set, paddleboard, life vest"
    ),
    ("Sports & outdoors", "Winter sports"): words(
        "snowboard, skis, ski boots, goggles, bindings, ski jacket"
    ),
    ("Beauty", "Makeup"): words(
        "palette, lipstick, foundation, mascara, concealer, blush, highlighter, "
        "eyeliner, lip gloss"
    ),
    ("Beauty", "Skincare"): words(
        "serum, moisturizer, cleanser, sunscreen, toner, eye cream, face mask"
    ),
    ("Beauty", "Fragrance"): words(
        "perfume, eau de parfum, cologne, body mist, travel spray"
    ),
    ("Beauty", "Hair care"): words(
        "shampoo, hair dryer, flat iron, curling iron, hair oil, airwrap"
    ),
    ("Beauty", "Nail care"): words(
        "nail polish, gel kit, nail lamp, press on nails, cuticle oil"
    ),
    ("Beauty", "Tools & brushes"): words(
        "brush set, beauty sponge, makeup brushes, vanity mirror, lash curler"
    ),
    ("Books, music & media", "Books"): words(
        "novel, hardcover, paperback, cookbook, book set, first edition"
    ),
    ("Books, music & media", "Comics & manga"): words(
        "manga, comic, graphic novel, volume, box set"
    ),
    ("Books, music & media", "Vinyl records"): words(
        "vinyl, record, lp, album, record lot"
    ),
    ("Books, music & media", "CDs"): words("cd, album, soundtrack, cd lot"),
    ("Books, music & media", "DVDs & Blu-ray"): words(
        "dvd, blu ray, 4k disc, box set, steelbook"
    ),
    ("Books, music & media", "Musical instruments"): words(
        "guitar, keyboard, ukulele, amp, effects pedal, violin, drum kit"
    ),
    ("Vintage & antiques", "Vintage clothing"): words(
        "tee, jacket, sweatshirt, denim jacket, band tee, dress, windbreaker"
    ),
    ("Vintage & antiques", "Antique furniture"): words(
        "chair, cabinet, dresser, trunk, side table, rocking chair"
    ),
    ("Vintage & antiques", "Pottery & glass"): words(
        "bowl, vase, pitcher, glassware, platter, crock, casserole dish"
    ),
    ("Vintage & antiques", "Vintage electronics"): words(
        "radio, walkman, cassette player, camera, typewriter, boombox"
    ),
    ("Vintage & antiques", "Collectible coins"): words(
        "coin, silver dollar, proof set, half dollar, penny, coin lot"
    ),
    ("Vintage & antiques", "Art & prints"): words(
        "print, painting, poster, lithograph, sketch, watercolor"
    ),
    ("Other", "Office supplies"): words(
        "planner, notebook, pens, desk organizer, label maker, stapler"
    ),
    ("Other", "Pet supplies"): words(
        "dog bed, leash, harness, crate, cat tree, collar, pet carrier"
    ),
    ("Other", "Arts & crafts"): words(
        "yarn, fabric, sewing machine, paint set, markers, beads"
    ),
    ("Other", "Party supplies"): words(
        "balloons, banner, decorations, tableware, backdrop"
    ),
    ("Other", "Everything else"): words("bundle, lot, gift set, mystery box, sampler"),
}
GENERIC_NOUNS = words("item, bundle, lot, set, piece")

# Departments whose listings have sizes, and which sizes.
SIZES = {
    "women": words("XS, S, M, L, XL, XXL, 0, 2, 4, 6, 8, 10, 12, 14, 16"),
    "men": words("S, M, L, XL, XXL, 28x30, 30x30, 32x30, 32x32, 34x32, 36x32"),
    "shoes": words("6, 6.5, 7, 7.5, 8, 8.5, 9, 9.5, 10, 10.5, 11, 12, 13"),
    "kids": words("0-3M, 3-6M, 6-12M, 12M, 18M, 2T, 3T, 4T, 5, 6, 7, 8, 10, 12, 14"),
}
SIZED_DEPARTMENTS = {"Women": "women", "Men": "men", "Kids": "kids"}
SHOE_CATEGORIES = {"Shoes", "Sneakers", "Kids' shoes"}
UNSIZED_CATEGORIES = {
    "Bags & purses",
    "Jewelry",
    "Watches",
    "Accessories",
    "Strollers & car seats",
    "Nursery",
}
COLOURED_DEPARTMENTS = {
    "Women",
    "Men",
    "Kids",
    "Home",
    "Electronics",
    "Sports & outdoors",
    "Vintage & antiques",
}
COLOURS = words(
    "Black, White, Blue, Gray, Navy, Pink, Red, Green, Brown, Beige, Silver, "
    "Cream, Olive, Purple, Tan, Gold, Burgundy, Yellow, Orange, Multicolor, "
    "Teal, Lavender, Rust, Mauve"
)

# Words in titles before the noun, most common first.
TITLE_ADJECTIVES = words(
    "Vintage, New, Classic, Oversized, Mini, Lightweight, Leather, Cotton, "
    "Wireless, Large, Soft, Retro, Cozy, Limited Edition, Handmade, Waterproof, "
    "Portable, Wool, Linen, Silk, Cashmere, Suede, Floral, Striped, Organic, "
    "Sealed, Signed, Sterling Silver, Velvet, Corduroy, Plaid, Chunky, Ribbed, "
    "Quilted, Faux Fur, Heavyweight, Rare, Genuine, Slim, Cropped"
)
NEW_TAGS = words("NWT, New in box, Brand new, Sealed")

# The bag of description words: rank 1 appears in most listings, the last
# ones in a fraction of a percent.
DESCRIPTION_WORDS = words(
    "great, worn, clean, perfect, excellent, stains, beautiful, comfortable, "
    "pockets, soft, quality, cute, stretch, gorgeous, stylish, practical, "
    "sturdy, durable, smooth, lovely, adorable, elegant, detail, everyday, "
    "measurements, photos, tags, minor, pilling, fading, scratches, tested, "
    "working, authentic, bundle, offers, trades, smoke, pets, shipped, box, "
    "packaging, inside, outside, zipper, buttons, lining, fabric, material, "
    "fits, flattering, true, loose, fitted, relaxed, adjustable, removable, "
    "padded, insulated, breathable, washable, lightly, barely, gently, "
    "heavily, slightly, brand, original, receipt, manual, accessories, cables, "
    "charger, battery, screen, protector, case, storage, space, travel, "
    "weekend, holiday, office, school, party, wedding, summer, winter, spring, "
    "autumn, outdoor, indoor, kitchen, bedroom, living, garden, garage, "
    "closet, shelf, collection, collector, display, decor, gift, present, "
    "birthday, christmas, occasion, casual, formal, sporty, trendy, timeless, "
    "unique, rare, popular, favorite, staple, essential, versatile, basic, "
    "premium, luxury, designer, budget, affordable, bargain, steal, deal, "
    "discount, retail, price, value, sale, listing, seller, buyer, shipping, "
    "handling, delivery, pickup, local, nearby, fast, quick, careful, "
    "wrapped, protected, bubble, mailer, sturdy box, firm, negotiable, "
    "reasonable, cheap, priced, lowered, reduced, dropped, final, today, "
    "weekend sale, clearance, declutter, moving, downsizing, upgrade, "
    "replaced, duplicate, unwanted, spare, extra, backup, complete, missing, "
    "included, sold separately, compatible, universal, standard, custom, "
    "personalized, engraved, monogram, embroidered, printed, painted, dyed, "
    "distressed, faded, broken, cracked, chipped, dented, scuffed, marked, "
    "repaired, restored, refurbished, serviced, cleaned, sanitized, washed, "
    "ironed, steamed, folded, hung, stored, kept, smelly, odor, fragrance "
    "free, hypoallergenic, vegan, recycled, sustainable, ethical, imported, "
    "domestic, american, japanese, italian, french, british, german, danish, "
    "scandinavian, bohemian, minimalist, industrial, farmhouse, coastal, "
    "rustic, modern, contemporary, midcentury, victorian, edwardian, artdeco, "
    "y2k, grunge, preppy, streetwear, athleisure, cottagecore, academia, "
    "western, tropical, nautical, geometric, abstract, botanical, paisley, "
    "houndstooth, herringbone, tartan, gingham, polka, leopard, zebra, "
    "camouflage, tiedye, ombre, metallic, iridescent, holographic, neon, "
    "pastel, earthy, muted, vibrant, glossy, matte, satin, sheer, opaque, "
    "textured, embossed, perforated, crinkled, pleated, ruffled, tiered, "
    "smocked, shirred, lettuce, scalloped, asymmetric, reversible, packable, "
    "collapsible, foldable, stackable, modular, ergonomic, cordless, "
    "rechargeable, programmable, dishwasher, microwave, ovenproof, nonstick, "
    "cast, enamel, ceramic, porcelain, stoneware, bamboo, rattan, wicker, "
    "walnut, oak, maple, teak, marble, granite, brass, copper, pewter, "
    "titanium, carbon, kevlar, gore, merino, alpaca, mohair, angora, tweed"
)

# Sentence templates around the word bag; {noun} is the item.
OPENERS = [
    "Selling my {noun}.",
    "{noun_cap} in {condition} condition.",
    "Up for sale is this {noun}.",
    "Lightly used {noun}.",
    "Barely worn {noun}, like new.",
    "Selling this {noun} because I no longer use it.",
    "{noun_cap} I bought last year.",
    "My daughter outgrew this {noun}.",
    "Cleaning out my closet: {noun}.",
    "Moving sale: {noun}.",
]
CONDITION_WORDS = {
    "new": "new",
    "like_new": "like new",
    "good": "good",
    "fair": "fair",
    "poor": "poor",
}
CLOSERS = [
    "Smoke free home.",
    "Ships fast!",
    "Bundle to save.",
    "Open to offers.",
    "No trades.",
    "Price is firm.",
    "Message me with any questions.",
    "Check out my other listings!",
    "Pet free home.",
    "Ships within 24 hours.",
    "No returns, please ask before buying.",
    "Will ship in a sturdy box.",
]

# Invented model and series names are made from these syllables: tens of
# thousands of them, most in a handful of listings (the rare words).
ONSETS = words("b, br, c, ch, d, dr, f, g, gr, h, j, k, kr, l, m, n, p, pr, r, s, sh")
ONSETS += words("st, t, tr, v, z, qu, fl, pl, sk, sl, sn, th, w")
VOWELS = words("a, e, i, o, u, ai, ea, ou, io, ia")
CODAS = ["", "", "", "n", "r", "l", "x", "s", "m", "nd", "rk", "lt", "st"]
