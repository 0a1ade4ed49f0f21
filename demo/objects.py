"""Which object a demo listing's photo shows: an emoji picked from its title.

Words of the title (its brand taken out) are tried against RULES in order;
the first rule that matches names the object. Categories whose titles name
no object (sneaker models, record albums) use their category's object, and
anything else its department's. Every category the catalogue migration
seeds has an entry in CATEGORY_OBJECTS.
"""

import re

# (words, object, departments the rule is limited to or None): a word matches
# the title as a whole word, plural included ("boot" matches "Ankle Boots").
_RULES: list[tuple[str, str, tuple[str, ...] | None]] = [
    # Electronics first: their model names hold words that mean other things
    # elsewhere ("Slim", "One", "Flip", "Hub").
    ("doorbell", "🔔", None),
    ("stick up cam, webcam, hero11, baby monitor", "📹", None),
    ("instax, sx-70", "📸", None),
    ("drone", "🚁", None),
    ("sling bag", "🎒", None),
    ("camera", "📷", None),
    ("headset, headphones, airpods, earbuds, buds, wh-1000xm5, quietcomfort, "
     "hd 600, ath-m50x, crusher, beoplay", "🎧", None),
    ("turntable, record, lp, 2lp, vinyl, discman, cd", "💿", None),
    ("walkman, cassette deck, tape deck", "📼", None),
    ("microphone", "🎤", None),
    ("soundbar, speaker, soundlink, flip, charge, emberton, one, echo dot, "
     "nest mini", "📻", ("Electronics",)),
    ("receiver, radio, amp", "📻", None),
    ("rotary phone", "☎️", None),
    ("power bank", "🔋", None),
    ("charging pad", "🔌", None),
    ("iphone, galaxy s23, galaxy s22, galaxy a54, pixel, phone", "📱",
     ("Electronics",)),
    ("monitor, mac mini, echo show", "🖥️", ("Electronics",)),
    ("mouse", "🖱️", ("Electronics",)),
    ("keyboard", "⌨️", ("Electronics",)),
    ("macbook, laptop, thinkpad, spectre, zephyrus, xps", "💻", None),
    ("pencil", "✏️", ("Electronics",)),
    ("ipad, tab, fire hd, surface go, paperwhite, scribe, tablet", "📱",
     ("Electronics",)),
    ("controller, switch, console, gamecube, series x, series s, slim, "
     "game boy, disc edition", "🎮", ("Electronics", "Vintage & antiques")),
    ("zelda, mario kart, video game", "🕹️", None),
    ("tv, stick, beam", "📺", ("Electronics",)),
    ("tv stand", "📺", None),
    ("thermostat", "🌡️", None),
    ("hub", "📡", ("Electronics",)),
    ("hue, bulb", "💡", None),
    ("roomba, robot vacuum", "🤖", None),
    ("purifier, fan", "🌀", ("Electronics",)),
    # Shoes and clothes.
    ("sneakers, running shoes, golf shoes, cleats", "👟", None),
    ("rain boots, knee-high boots, ankle boots, ski boots", "👢", None),
    ("boots", "🥾", None),
    ("heels", "👠", None),
    ("ballet flats, mules, clogs, mary janes", "🥿", None),
    ("slides, water shoes", "🩴", None),
    ("sandals", "👡", None),
    ("loafers, oxfords, derby shoes, boat shoes, moccasins", "👞", None),
    ("socks", "🧦", None),
    ("goggles", "🥽", None),
    ("wetsuit, snorkel", "🤿", None),
    ("jeans, pants, leggings, joggers, chinos", "👖", None),
    ("shorts, boardshorts, swim trunks, swim bottoms", "🩳", None),
    ("one-piece swimsuit, swimsuit", "🩱", None),
    ("bikini, tankini, sports bra", "👙", None),
    ("rash guard, cycling jersey, workout tank, tank top, jersey", "🎽", None),
    ("life jacket", "🦺", None),
    ("cover-up", "👘", None),
    ("dress shirt, oxford shirt, tie", "👔", None),
    ("dress, sundress, skirt", "👗", None),
    ("jacket, coat, parka, peacoat, blazer, vest, shell, snowsuit, windbreaker, "
     "pullover, hoodie, sweatshirt", "🧥", None),
    ("blouse, shirt, tee, top, cami, tunic, sweater, cardigan, turtleneck",
     "👚", ("Women",)),
    ("tee, t-shirt, henley, shirt, onesie, bodysuit, sleeper, romper, "
     "footed pajamas, pajama set", "👕", None),
    ("cami, top, tunic, sweater, cardigan, turtleneck, clothes, clothing",
     "👚", None),
    ("cap, beanie", "🧢", None),
    ("sunglasses", "🕶️", None),
    ("scarf, swaddle", "🧣", None),
    # Sports.
    ("soccer ball", "⚽", None),
    ("basketball", "🏀", None),
    ("football", "🏈", None),
    ("helmet", "⛑️", None),
    ("bike lights, headlamp", "🔦", None),
    ("bike rack, bike, pedals", "🚲", None),
    ("golf balls, driver, irons, wedge, hybrid, putter, rangefinder, stand bag",
     "⛳", ("Sports & outdoors",)),
    ("glove", "🧤", None),
    ("bat", "⚾", None),
    ("hockey stick, hockey skates, shin guards", "🏒", None),
    ("lacrosse stick", "🥍", None),
    ("paddle board, surfboard, bodyboard", "🏄", None),
    ("kayak paddle", "🛶", None),
    ("snowboard, bindings", "🏂", None),
    ("skis, ski poles", "🎿", None),
    ("sled", "🛷", None),
    ("tent", "⛺", None),
    ("cooler", "🧊", None),
    ("tumbler, wide mouth, quencher, thermos", "🥤", None),
    ("sleeping bag", "🛏️", None),
    ("trekking poles", "🥾", None),
    ("camp stove, bonfire", "🔥", None),
    ("dumbbells, kettlebell, weight bench, pull-up bar", "🏋️", None),
    ("mat, resistance bands, foam roller", "🧘", ("Sports & outdoors",)),
    ("treadmill, rowing machine", "🏃", None),
    # Bags, jewellery, watches.
    ("backpack, baby carrier", "🎒", None),
    ("wallet, card holder, clutch", "👛", None),
    ("belt bag, belt", "👝", None),
    ("duffel bag, carry-on, carry-on spinner, cabin, suitcase", "🧳", None),
    ("briefcase", "💼", None),
    ("bag", "👜", None),
    ("ring", "💍", ("Women", "Men")),
    ("necklace, bracelet, anklet", "📿", None),
    ("earrings, brooch, cuff bracelet", "💎", None),
    ("watch", "⌚", None),
    # Home.
    ("stand mixer, mixer, food processor", "🥣", None),
    ("blender", "🥤", None),
    ("dutch oven, cocotte, duo", "🍲", None),
    ("skillet, fry pan, griddle", "🍳", None),
    ("air fryer", "🍟", None),
    ("barista express, vertuo, k-elite, mug", "☕", None),
    ("kettle", "🫖", None),
    ("toaster", "🍞", None),
    ("cake stand", "🎂", None),
    ("dinnerware, dinner plate, plate, tablecloth", "🍽️", None),
    ("wine glasses, goblets", "🍷", None),
    ("knife block, knife, cutting board", "🔪", None),
    ("storage set, pantry containers, jar, crock", "🫙", None),
    ("bowl, compote", "🥣", None),
    ("grill", "🍖", None),
    ("lamp, pendant light, string lights, night light, neon sign", "💡", None),
    ("rug, table runner, fabric, yarn", "🧶", None),
    ("car seat", "💺", ("Kids",)),
    ("office chair, chair, dining chairs, bar stools, stool, patio chairs, "
     "bistro set, bouncer, dollhouse furniture", "🪑", None),
    ("loveseat, ottoman, sofa, throw pillow, glider cushions, table", "🛋️",
     None),
    ("bookshelf, bookcase", "📚", None),
    ("vanity, mirror", "🪞", None),
    ("dresser, nightstand, credenza, cedar chest, organizer, desk", "🗄️", None),
    ("duvet, sheet set, crib sheets, quilt, blanket, pillows, bassinet, crib",
     "🛏️", None),
    ("towels, bath mat", "🛁", None),
    ("shower curtain, hose reel", "🚿", None),
    ("vase, figurine", "🏺", ("Home", "Vintage & antiques")),
    ("framed print, print, poster, lithograph, painting, watercolor landscape, "
     "sketch, wall art", "🖼️", None),
    ("candle holders, candle, wall sconce", "🕯️", None),
    ("olive tree, planter, pots, houseplant, garden bed, bonsai", "🪴", None),
    ("clock", "🕰️", None),
    ("bins, rolling cart, shoe rack", "📦", None),
    ("baskets, diaper caddy", "🧺", None),
    ("shears", "✂️", None),
    ("bird feeder", "🐦", None),
    ("changing pad, play mat, crib mobile", "🧸", None),
    ("stroller, travel system, rain cover", "🚼", None),
    # Toys.
    ("teddy bear, bear, bunny, plush, pikachu", "🧸", None),
    ("optimus prime, transformers, gundam", "🤖", None),
    ("ninja turtles", "🐢", None),
    ("millennium falcon", "🚀", None),
    ("bugatti, car", "🏎️", ("Toys & collectibles",)),
    ("police station", "🚓", None),
    ("dreamhouse, tree house", "🏠", None),
    ("doll", "🪆", None),
    ("bricks, blocks, building tiles", "🧱", None),
    ("marble run", "🔮", None),
    ("chess", "♟️", None),
    ("puzzle", "🧩", None),
    ("uno", "🃏", None),
    # Beauty.
    ("lipstick, gloss, mascara, eyeshadow, palette, primer, concealer, "
     "foundation, bronzer, cloud paint, makeup bundle", "💄", ("Beauty",)),
    ("nail, nails, polish, manicure", "💅", None),
    ("hair dryer, airwrap, styler, volumizer, hot brush, flat iron, "
     "curling iron", "🪮", None),
    ("shampoo, conditioner, perfector", "🧴", None),
    ("brush set", "🖌️", None),
    ("makeup sponge", "🧽", None),
    ("io series, diamondclean", "🪥", None),
    ("clipper kit, epilator", "🪒", None),
    ("jade roller, facial brush", "🧼", None),
    # Media, music, office, crafts and the rest.
    ("blu-ray, dvd", "📀", None),
    ("guitar, stratocaster, telecaster, les paul, gs mini, d-15m", "🎸", None),
    ("piano, minilogue", "🎹", None),
    ("drum kit", "🥁", None),
    ("ukulele", "🪕", None),
    ("violin", "🎻", None),
    ("notebook", "📓", None),
    ("fountain pen", "🖋️", None),
    ("ballpoint, pen, jotter", "🖊️", None),
    ("label maker", "🏷️", None),
    ("paper shredder", "🖨️", None),
    ("dog", "🐕", None),
    ("cat tree, litter box", "🐈", None),
    ("feeder, pet carrier", "🐾", None),
    ("aquarium", "🐟", None),
    ("sewing machine, embroidery machine, maker 3, explore air", "🧵", None),
    ("colored pencils, polychromos", "🖍️", None),
    ("paint set, watercolor set", "🎨", None),
    ("balloon", "🎈", None),
    ("costume", "🎃", None),
    ("ornament, christmas tree", "🎄", None),
    ("props, decorations, centerpieces", "🎉", None),
    ("drill driver, impact driver", "🪛", None),
    ("leaf blower", "💨", None),
    ("saw", "🪚", None),
    ("umbrella", "🌂", None),
    ("telescope", "🔭", None),
    ("mystery box", "🎁", None),
]  # fmt: skip

CATEGORY_OBJECTS: dict[tuple[str, str], str] = {
    ("Women", "Tops & blouses"): "👚",
    ("Women", "Dresses"): "👗",
    ("Women", "Jeans"): "👖",
    ("Women", "Coats & jackets"): "🧥",
    ("Women", "Shoes"): "👠",
    ("Women", "Bags & purses"): "👜",
    ("Women", "Jewelry"): "💍",
    ("Women", "Activewear"): "🎽",
    ("Women", "Swimwear"): "👙",
    ("Men", "T-shirts"): "👕",
    ("Men", "Shirts"): "👔",
    ("Men", "Jeans & pants"): "👖",
    ("Men", "Coats & jackets"): "🧥",
    ("Men", "Shoes"): "👞",
    ("Men", "Sneakers"): "👟",
    ("Men", "Watches"): "⌚",
    ("Men", "Accessories"): "🧢",
    ("Kids", "Baby clothing"): "👕",
    ("Kids", "Girls' clothing"): "👗",
    ("Kids", "Boys' clothing"): "👕",
    ("Kids", "Kids' shoes"): "👟",
    ("Kids", "Strollers & car seats"): "🚼",
    ("Kids", "Nursery"): "🧸",
    ("Home", "Kitchen & dining"): "🍽️",
    ("Home", "Furniture"): "🪑",
    ("Home", "Home decor"): "🖼️",
    ("Home", "Bedding & bath"): "🛏️",
    ("Home", "Lighting"): "💡",
    ("Home", "Storage & organization"): "📦",
    ("Home", "Garden & patio"): "🪴",
    ("Electronics", "Cell phones"): "📱",
    ("Electronics", "Computers & laptops"): "💻",
    ("Electronics", "Tablets & e-readers"): "📱",
    ("Electronics", "Video games & consoles"): "🎮",
    ("Electronics", "Cameras & photo"): "📷",
    ("Electronics", "Headphones & audio"): "🎧",
    ("Electronics", "TVs & home theater"): "📺",
    ("Electronics", "Smart home"): "🔌",
    ("Toys & collectibles", "Action figures"): "🦸",
    ("Toys & collectibles", "Building toys"): "🧱",
    ("Toys & collectibles", "Dolls"): "🪆",
    ("Toys & collectibles", "Board games & puzzles"): "🎲",
    ("Toys & collectibles", "Trading cards"): "🃏",
    ("Toys & collectibles", "Stuffed animals"): "🧸",
    ("Toys & collectibles", "Collectible figures"): "🦸",
    ("Sports & outdoors", "Cycling"): "🚲",
    ("Sports & outdoors", "Camping & hiking"): "⛺",
    ("Sports & outdoors", "Fitness equipment"): "🏋️",
    ("Sports & outdoors", "Golf"): "⛳",
    ("Sports & outdoors", "Team sports"): "⚽",
    ("Sports & outdoors", "Water sports"): "🏄",
    ("Sports & outdoors", "Winter sports"): "🎿",
    ("Beauty", "Makeup"): "💄",
    ("Beauty", "Skincare"): "🧴",
    ("Beauty", "Fragrance"): "🧴",
    ("Beauty", "Hair care"): "🧴",
    ("Beauty", "Nail care"): "💅",
    ("Beauty", "Tools & brushes"): "🪞",
    ("Books, music & media", "Books"): "📚",
    ("Books, music & media", "Comics & manga"): "📚",
    ("Books, music & media", "Vinyl records"): "💿",
    ("Books, music & media", "CDs"): "💿",
    ("Books, music & media", "DVDs & Blu-ray"): "📀",
    ("Books, music & media", "Musical instruments"): "🎸",
    ("Vintage & antiques", "Vintage clothing"): "🧥",
    ("Vintage & antiques", "Antique furniture"): "🪑",
    ("Vintage & antiques", "Pottery & glass"): "🏺",
    ("Vintage & antiques", "Vintage electronics"): "📻",
    ("Vintage & antiques", "Collectible coins"): "🪙",
    ("Vintage & antiques", "Art & prints"): "🖼️",
    ("Other", "Office supplies"): "🖊️",
    ("Other", "Pet supplies"): "🐾",
    ("Other", "Arts & crafts"): "🎨",
    ("Other", "Party supplies"): "🎉",
    ("Other", "Everything else"): "🎁",
}
# Titles in these categories name albums, sets and card names, not objects.
TITLE_IGNORED = {
    ("Toys & collectibles", "Trading cards"),
    ("Books, music & media", "Vinyl records"),
    ("Books, music & media", "Books"),
    ("Vintage & antiques", "Collectible coins"),
}
DEPARTMENT_OBJECTS: dict[str, str] = {
    "Women": "👗",
    "Men": "👕",
    "Kids": "🧸",
    "Home": "🛋️",
    "Electronics": "🔌",
    "Toys & collectibles": "🧸",
    "Sports & outdoors": "⚽",
    "Beauty": "💄",
    "Books, music & media": "📚",
    "Vintage & antiques": "🏺",
    "Other": "🎁",
}
FALLBACK_OBJECT = "🎁"


def _compile(words: str) -> re.Pattern:
    alternatives = sorted(
        (re.escape(word.strip()) for word in words.split(",") if word.strip()),
        key=len,
        reverse=True,
    )
    return re.compile(rf"(?<![\w-])(?:{'|'.join(alternatives)})(?:e?s)?(?![\w-])")


RULES = [(_compile(words), emoji, departments) for words, emoji, departments in _RULES]
ALL_OBJECTS: list[str] = sorted(
    {emoji for _, emoji, _ in _RULES} | set(CATEGORY_OBJECTS.values())
)


def choose_object(
    title: str, *, department: str = "", category: str = "", brand: str = ""
) -> str:
    """The emoji a photo of this listing shows."""
    key = (department, category)
    if key not in TITLE_IGNORED:
        text = title.lower()
        if brand:
            text = text.replace(brand.lower(), " ")
        for pattern, emoji, departments in RULES:
            if departments and department not in departments:
                continue
            if pattern.search(text):
                return emoji
    return (
        CATEGORY_OBJECTS.get(key)
        or DEPARTMENT_OBJECTS.get(department)
        or FALLBACK_OBJECT
    )
