"""What sells in each Electronics category."""

from demo.vocabulary.kinds import Kind
from demo.vocabulary.wording import (
    TECH_NOTES,
)

KINDS: dict[tuple[str, str], Kind] = {
    ("Electronics", "Cell phones"): Kind(
        items="""
        Apple|iPhone 15 128GB|480|650
        Apple|iPhone 14 128GB|350|480
        Apple|iPhone 13 mini 128GB|250|360
        Apple|iPhone 12 64GB|180|260
        Apple|iPhone SE (3rd gen)|120|200
        Samsung|Galaxy S23 256GB|380|520
        Samsung|Galaxy S22 128GB|250|360
        Samsung|Galaxy A54|150|240
        Google|Pixel 8|330|470
        Google|Pixel 7a|200|290
        Anker|MagGo Power Bank|25|45
        |Wireless Charging Pad|10|25
        """,
        price=(10, 300),
        weight=(6, 14),
        colours="tech",
        notes=("Unlocked, works with any carrier.", *TECH_NOTES),
    ),
    ("Electronics", "Computers & laptops"): Kind(
        items="""
        Apple|MacBook Air M1 13"|450|650|64
        Apple|MacBook Air M2 13"|650|900|64
        Apple|MacBook Pro 14" M1 Pro|950|1400|80
        Apple|Mac mini M2|380|520|48
        Dell|XPS 13 Laptop|350|650|64
        Dell|27" 4K Monitor|120|240|320
        Lenovo|ThinkPad X1 Carbon|350|700|64
        HP|Spectre x360|350|650|64
        Asus|ROG Zephyrus G14|700|1100|96
        Microsoft|Surface Laptop 5|400|700|64
        Logitech|MX Master 3S Mouse|50|80|12
        Logitech|MX Keys Keyboard|50|85|32
        Razer|BlackWidow V3 Keyboard|40|90|48
        Corsair|K70 RGB Keyboard|50|100|48
        """,
        price=(50, 600),
        weight=(16, 120),
        colours="tech",
        notes=TECH_NOTES,
    ),
    ("Electronics", "Tablets & e-readers"): Kind(
        items="""
        Apple|iPad 9th Gen 64GB|170|240
        Apple|iPad Air 5th Gen|350|480
        Apple|iPad Pro 11" M1|500|700
        Apple|Pencil (2nd gen)|50|80|4
        Samsung|Galaxy Tab S8|300|450
        Kindle|Paperwhite (11th gen)|70|110|12
        Kindle|Scribe|180|260
        Amazon|Fire HD 10|50|90
        Microsoft|Surface Go 3|200|320
        """,
        price=(50, 300),
        weight=(12, 32),
        colours="tech",
        notes=TECH_NOTES,
    ),
    ("Electronics", "Video games & consoles"): Kind(
        items="""
        Nintendo|Switch OLED|230|300|48
        Nintendo|Switch Lite|120|170|24
        Nintendo|Zelda: Tears of the Kingdom|35|50|4
        Nintendo|Mario Kart 8 Deluxe|30|45|4
        Nintendo|GameCube Console|90|160|96
        PlayStation|5 Disc Edition|350|450|200
        PlayStation|DualSense Controller|40|60|16
        PlayStation|4 Slim 1TB|150|220|140
        Xbox|Series X|330|420|220
        Xbox|Series S|180|250|120
        Xbox|Wireless Controller|30|50|16
        SteelSeries|Arctis 7 Headset|70|120|24
        HyperX|Cloud II Headset|40|70|24
        |Video Game Bundle (5 games)|40|100|16
        """,
        price=(20, 300),
        weight=(4, 160),
        colours="tech",
        notes=("Discs are scratch-free.", *TECH_NOTES[1:3]),
    ),
    ("Electronics", "Cameras & photo"): Kind(
        items="""
        Canon|EOS Rebel T7 Kit|280|420
        Canon|EF 50mm f/1.8 STM Lens|80|120
        Nikon|D3500 Kit|280|400
        Nikon|Z fc Body|600|850
        Sony|Alpha a6400 Body|600|800
        Sony|RX100 VA|450|650
        Fujifilm|X-T30 II|650|900
        Fujifilm|Instax Mini 12|45|70
        Olympus|OM-D E-M10 IV|400|550
        GoPro|HERO11 Black|220|320
        DJI|Mini 3 Drone|350|520
        DJI|Osmo Mobile 6|60|100
        Polaroid|Now+ Camera|70|110
        Kodak|Ektar H35 Film Camera|25|45
        |Carbon Fiber Tripod|30|90
        |Camera Sling Bag|20|60
        """,
        price=(20, 300),
        weight=(12, 64),
        colours="tech",
        notes=(
            "Shutter count under 5,000.",
            "Lens is clean, no fungus or haze.",
            *TECH_NOTES[1:3],
        ),
    ),
    ("Electronics", "Headphones & audio"): Kind(
        items="""
        Apple|AirPods Pro (2nd gen)|140|190
        Apple|AirPods (3rd gen)|90|130
        Sony|WH-1000XM5|220|300
        Sony|WF-1000XM4 Earbuds|110|170
        Bose|QuietComfort 45|150|220
        Bose|SoundLink Flex|80|120
        JBL|Charge 5 Speaker|90|140
        JBL|Flip 6|65|100
        Beats|Studio Buds|70|110
        Sennheiser|HD 600|220|320
        Audio-Technica|ATH-M50x|90|130
        Audio-Technica|AT-LP60X Turntable|70|110|160
        Shure|SM58 Microphone|60|90
        Sonos|One (Gen 2)|120|170|80
        Marshall|Emberton II|100|140
        Skullcandy|Crusher Evo|70|110
        Bang & Olufsen|Beoplay H95|450|650
        """,
        price=(30, 200),
        weight=(8, 48),
        colours="tech",
        notes=("Ear tips cleaned and replaced.", *TECH_NOTES[1:3]),
    ),
    ("Electronics", "TVs & home theater"): Kind(
        items="""
        Samsung|55" QLED 4K TV|300|550|800
        LG|C2 55" OLED TV|700|1100|800
        Sony|Bravia 65" 4K TV|450|800|800
        TCL|50" 4K Roku TV|150|250|640
        Vizio|Soundbar with Subwoofer|80|160|320
        Sonos|Beam (Gen 2)|300|420|160
        Roku|Streaming Stick 4K|25|40|8
        Amazon|Fire TV Stick 4K|20|35|8
        Bose|Smart Soundbar 600|280|400|160
        Apple|TV 4K (2022)|90|130|16
        """,
        price=(30, 300),
        weight=(8, 800),
        colours="tech",
        notes=("Remote included.", "Wall mount not included.", *TECH_NOTES[1:2]),
    ),
    ("Electronics", "Smart home"): Kind(
        items="""
        Ring|Video Doorbell 4|80|140
        Nest|Learning Thermostat|120|190
        Nest|Hub (2nd gen)|45|70
        Amazon|Echo Dot (5th gen)|20|35
        Amazon|Echo Show 8|60|100
        Philips|Hue White & Color Starter Kit|90|150
        iRobot|Roomba i3+|200|330|320
        Shark|Robot Vacuum AV1010|120|220|320
        Google|Nest Mini|20|35
        Ring|Stick Up Cam|50|90
        Dyson|Pure Cool Purifier Fan|200|350|320
        """,
        price=(20, 200),
        weight=(8, 64),
        colours="tech",
        notes=("Removed from my account and reset.", *TECH_NOTES[1:3]),
    ),
}
