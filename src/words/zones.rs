//! Time zones as people say them: `フィリピン時間（UTC+8）`, `Philippine time (UTC+8)`,
//! never `Asia/Manila` alone. A small fixed table (proper names, one form per language,
//! like `feeds::names`): the zones of the Sendai sample, the generated months and the
//! largest nationalities of foreign residents in Japan. A zone not in the table still
//! reads: its UTC offset, the IANA name beside it in brackets.

/// `(IANA name, Japanese, English)`; a country where it has one zone, the city where it
/// has several.
pub const ZONES: &[(&str, &str, &str)] = &[
    ("Asia/Tokyo", "日本", "Japan"),
    ("Asia/Manila", "フィリピン", "Philippine"),
    ("Asia/Kathmandu", "ネパール", "Nepal"),
    ("Asia/Ho_Chi_Minh", "ベトナム", "Vietnam"),
    ("Asia/Saigon", "ベトナム", "Vietnam"),
    ("Asia/Shanghai", "中国", "China"),
    ("Asia/Chongqing", "中国", "China"),
    ("Asia/Hong_Kong", "香港", "Hong Kong"),
    ("Asia/Taipei", "台湾", "Taiwan"),
    ("Asia/Seoul", "韓国", "Korea"),
    ("Asia/Pyongyang", "朝鮮", "Pyongyang"),
    ("Asia/Bangkok", "タイ", "Thailand"),
    ("Asia/Phnom_Penh", "カンボジア", "Cambodia"),
    ("Asia/Vientiane", "ラオス", "Laos"),
    ("Asia/Yangon", "ミャンマー", "Myanmar"),
    ("Asia/Rangoon", "ミャンマー", "Myanmar"),
    ("Asia/Jakarta", "ジャカルタ", "Jakarta"),
    ("Asia/Kuala_Lumpur", "マレーシア", "Malaysia"),
    ("Asia/Singapore", "シンガポール", "Singapore"),
    ("Asia/Dhaka", "バングラデシュ", "Bangladesh"),
    ("Asia/Kolkata", "インド", "India"),
    ("Asia/Calcutta", "インド", "India"),
    ("Asia/Colombo", "スリランカ", "Sri Lanka"),
    ("Asia/Karachi", "パキスタン", "Pakistan"),
    ("Asia/Kabul", "アフガニスタン", "Afghanistan"),
    ("Asia/Tehran", "イラン", "Iran"),
    ("Asia/Tashkent", "ウズベキスタン", "Uzbekistan"),
    ("Asia/Ulaanbaatar", "モンゴル", "Mongolia"),
    ("Asia/Dubai", "ドバイ", "Dubai"),
    ("Europe/Istanbul", "トルコ", "Turkey"),
    ("Europe/Kyiv", "ウクライナ", "Ukraine"),
    ("Europe/Kiev", "ウクライナ", "Ukraine"),
    ("Europe/Moscow", "モスクワ", "Moscow"),
    ("Europe/Lisbon", "ポルトガル", "Portugal"),
    ("Europe/London", "英国", "UK"),
    ("Europe/Paris", "フランス", "France"),
    ("Europe/Berlin", "ドイツ", "Germany"),
    ("Europe/Madrid", "スペイン", "Spain"),
    ("Europe/Rome", "イタリア", "Italy"),
    ("America/Sao_Paulo", "サンパウロ", "São Paulo"),
    ("America/Lima", "ペルー", "Peru"),
    ("America/Bogota", "コロンビア", "Colombia"),
    ("America/Mexico_City", "メキシコシティ", "Mexico City"),
    ("America/New_York", "ニューヨーク", "New York"),
    ("America/Chicago", "シカゴ", "Chicago"),
    ("America/Los_Angeles", "ロサンゼルス", "Los Angeles"),
    ("America/Vancouver", "バンクーバー", "Vancouver"),
    ("America/Toronto", "トロント", "Toronto"),
    ("Australia/Sydney", "シドニー", "Sydney"),
    ("Pacific/Auckland", "ニュージーランド", "New Zealand"),
    ("Africa/Lagos", "ナイジェリア", "Nigeria"),
    ("Africa/Nairobi", "ケニア", "Kenya"),
    ("Africa/Cairo", "エジプト", "Egypt"),
    ("UTC", "協定世界時", "UTC"),
    ("Etc/UTC", "協定世界時", "UTC"),
];

/// The table's name of `zone` in `ja` (else English), if it has one.
pub fn known(zone: &str, ja: bool) -> Option<&'static str> {
    ZONES
        .iter()
        .find(|(iana, _, _)| iana.eq_ignore_ascii_case(zone.trim()))
        .map(|(_, j, e)| if ja { *j } else { *e })
}

/// `UTC+9`, `UTC+5:45`, `UTC-3`, `UTC+0` from an offset in seconds east of UTC.
pub fn offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m) = (s / 3600, s % 3600 / 60);
    if m == 0 {
        format!("UTC{sign}{h}")
    } else {
        format!("UTC{sign}{h}:{m:02}")
    }
}
