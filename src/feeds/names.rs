//! Names instead of codes in feeds: nationalities (stored as ISO 3166-1 alpha-2) and
//! residence statuses (stored as written on the residence card, in Japanese).
//!
//! Small fixed tables rather than catalogue messages: these are proper names with one
//! official form per language, not sentences, and a code or status not in the table still
//! shows as stored (never an empty line). The nationality table covers the Sendai sample
//! and the largest nationalities of foreign residents in Japan (Immigration Services Agency
//! statistics); the status table covers the statuses of the Immigration Control Act's
//! appended tables, with the English names the agency uses.

use super::Lang;

/// `(ISO 3166-1 alpha-2, Japanese, English)`.
pub const NATIONALITIES: &[(&str, &str, &str)] = &[
    ("CN", "中国", "China"),
    ("VN", "ベトナム", "Vietnam"),
    ("KR", "韓国", "South Korea"),
    ("KP", "朝鮮", "Korea (Chosen)"),
    ("PH", "フィリピン", "Philippines"),
    ("NP", "ネパール", "Nepal"),
    ("BR", "ブラジル", "Brazil"),
    ("ID", "インドネシア", "Indonesia"),
    ("MM", "ミャンマー", "Myanmar"),
    ("TW", "台湾", "Taiwan"),
    ("US", "米国", "United States"),
    ("TH", "タイ", "Thailand"),
    ("LK", "スリランカ", "Sri Lanka"),
    ("IN", "インド", "India"),
    ("BD", "バングラデシュ", "Bangladesh"),
    ("PE", "ペルー", "Peru"),
    ("PK", "パキスタン", "Pakistan"),
    ("KH", "カンボジア", "Cambodia"),
    ("MN", "モンゴル", "Mongolia"),
    ("UZ", "ウズベキスタン", "Uzbekistan"),
    ("GB", "英国", "United Kingdom"),
    ("AU", "オーストラリア", "Australia"),
    ("CA", "カナダ", "Canada"),
    ("FR", "フランス", "France"),
    ("DE", "ドイツ", "Germany"),
    ("RU", "ロシア", "Russia"),
    ("UA", "ウクライナ", "Ukraine"),
    ("MY", "マレーシア", "Malaysia"),
    ("LA", "ラオス", "Laos"),
    ("AF", "アフガニスタン", "Afghanistan"),
    ("IR", "イラン", "Iran"),
    ("TR", "トルコ", "Türkiye"),
    ("EG", "エジプト", "Egypt"),
    ("NG", "ナイジェリア", "Nigeria"),
    ("GH", "ガーナ", "Ghana"),
    ("KE", "ケニア", "Kenya"),
    ("BO", "ボリビア", "Bolivia"),
    ("CO", "コロンビア", "Colombia"),
    ("MX", "メキシコ", "Mexico"),
    ("AR", "アルゼンチン", "Argentina"),
];

/// `(as written on the card, English name used by the Immigration Services Agency)`.
pub const RESIDENCE_STATUSES: &[(&str, &str)] = &[
    ("永住者の配偶者等", "Spouse or Child of Permanent Resident"),
    ("日本人の配偶者等", "Spouse or Child of Japanese National"),
    ("特別永住者", "Special Permanent Resident"),
    ("永住者", "Permanent Resident"),
    ("定住者", "Long-Term Resident"),
    (
        "技術・人文知識・国際業務",
        "Engineer/Specialist in Humanities/International Services",
    ),
    ("技能実習", "Technical Intern Training"),
    ("育成就労", "Employment for Skill Development"),
    ("特定技能", "Specified Skilled Worker"),
    ("高度専門職", "Highly Skilled Professional"),
    ("経営・管理", "Business Manager"),
    ("法律・会計業務", "Legal/Accounting Services"),
    ("企業内転勤", "Intra-company Transferee"),
    ("特定活動", "Designated Activities"),
    ("家族滞在", "Dependent"),
    ("文化活動", "Cultural Activities"),
    ("短期滞在", "Temporary Visitor"),
    ("留学", "Student"),
    ("研修", "Trainee"),
    ("技能", "Skilled Labor"),
    ("介護", "Nursing Care"),
    ("医療", "Medical Services"),
    ("教育", "Instructor"),
    ("教授", "Professor"),
    ("研究", "Researcher"),
    ("芸術", "Artist"),
    ("宗教", "Religious Activities"),
    ("報道", "Journalist"),
    ("興行", "Entertainer"),
    ("外交", "Diplomat"),
    ("公用", "Official"),
];

/// The name of the country with ISO code `code` in `lang`'s staff language; the code itself
/// (as stored) when the table lacks it.
pub fn nationality(code: &str, lang: Lang) -> String {
    let wanted = code.trim();
    match NATIONALITIES
        .iter()
        .find(|(c, _, _)| c.eq_ignore_ascii_case(wanted))
    {
        Some((_, ja, en)) => match lang.staff() {
            Lang::Ja => (*ja).to_owned(),
            _ => (*en).to_owned(),
        },
        None => code.to_owned(),
    }
}

/// A residence status in `lang`'s staff language. Japanese shows it as written; English
/// gives the English name followed by the Japanese in brackets (what the card says, for the
/// specialist to check against it). A suffix such as `1号` is kept: `特定技能1号` →
/// `Specified Skilled Worker 1号 (特定技能1号)`. Unknown statuses show as written.
pub fn residence_status(status: &str, lang: Lang) -> String {
    let status = status.trim();
    if lang.staff() == Lang::Ja {
        return status.to_owned();
    }
    // Longest prefix first: the table lists longer names before their prefixes
    // (永住者の配偶者等 before 永住者, 技能実習 before 技能).
    match RESIDENCE_STATUSES
        .iter()
        .find(|(ja, _)| status.starts_with(ja))
    {
        Some((ja, en)) => {
            let rest = status[ja.len()..].trim();
            if rest.is_empty() {
                format!("{en} ({status})")
            } else {
                format!("{en} {rest} ({status})")
            }
        }
        None => status.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nationalities_by_name_with_code_fallback() {
        assert_eq!(nationality("CN", Lang::Ja), "中国");
        assert_eq!(nationality("np", Lang::En), "Nepal");
        assert_eq!(
            nationality("VN", Lang::Vi),
            "Vietnam",
            "staff language: English"
        );
        assert_eq!(nationality("ZZ", Lang::En), "ZZ");
        let mut codes: Vec<&str> = NATIONALITIES.iter().map(|n| n.0).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), NATIONALITIES.len(), "codes are unique");
    }

    #[test]
    fn residence_statuses_in_english() {
        assert_eq!(residence_status("家族滞在", Lang::Ja), "家族滞在");
        assert_eq!(
            residence_status("家族滞在", Lang::En),
            "Dependent (家族滞在)"
        );
        assert_eq!(
            residence_status("永住者の配偶者等", Lang::En),
            "Spouse or Child of Permanent Resident (永住者の配偶者等)"
        );
        assert_eq!(
            residence_status("技能実習2号ロ", Lang::En),
            "Technical Intern Training 2号ロ (技能実習2号ロ)"
        );
        assert_eq!(residence_status("技能", Lang::En), "Skilled Labor (技能)");
        assert_eq!(residence_status("なにか", Lang::En), "なにか");
    }

    /// Every longer status that starts with a shorter one must come first, or the shorter
    /// would win the prefix match.
    #[test]
    fn longer_statuses_come_before_their_prefixes() {
        for (i, (a, _)) in RESIDENCE_STATUSES.iter().enumerate() {
            for (b, _) in &RESIDENCE_STATUSES[i + 1..] {
                assert!(!b.starts_with(a), "{b} must come before {a}");
            }
        }
    }
}
