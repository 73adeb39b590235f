//! QR codes as inline SVG, so a page or poster stays one self-contained file.

use super::PublicError;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// How many QR codes [`qr_svg`] keeps: a publish renders the same few (the page's and the
/// calendars' addresses, in two sizes) again at every commit.
const KEPT: usize = 16;

/// An `<svg>` element encoding `url` (error correction M: survives a creased poster),
/// `size` CSS pixels wide, with the quiet zone scanners need. The last [`KEPT`] are kept:
/// encoding one (choosing the best mask) is most of a publish's time.
pub fn qr_svg(url: &str, size: u32) -> Result<String, PublicError> {
    use std::sync::Mutex;
    static CACHE: Mutex<Vec<(String, u32, String)>> = Mutex::new(Vec::new());
    if let Ok(cache) = CACHE.lock()
        && let Some((_, _, svg)) = cache.iter().find(|(u, s, _)| u == url && *s == size)
    {
        return Ok(svg.clone());
    }
    let svg = encode(url, size)?;
    if let Ok(mut cache) = CACHE.lock() {
        if cache.len() >= KEPT {
            cache.remove(0);
        }
        cache.push((url.to_owned(), size, svg.clone()));
    }
    Ok(svg)
}

fn encode(url: &str, size: u32) -> Result<String, PublicError> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).map_err(|e| {
        PublicError::Qr {
            url: url.to_owned(),
            message: e.to_string(),
        }
    })?;
    let svg = code
        .render::<svg::Color<'_>>()
        .min_dimensions(size, size)
        .quiet_zone(true)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    // Drop the XML declaration: the SVG goes inline into HTML.
    let svg = match svg.find("<svg") {
        Some(at) => svg[at..].to_owned(),
        None => svg,
    };
    Ok(svg.replacen(
        "<svg ",
        &format!(
            "<svg role=\"img\" aria-label=\"{}\" style=\"width:{size}px;height:{size}px\" ",
            crate::html::escape(url)
        ),
        1,
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn svg_is_inline() {
        let s = super::qr_svg("https://example.org/public/en.ics", 120).unwrap();
        assert!(s.starts_with("<svg role=\"img\""));
        assert!(!s.contains("<?xml"));
        // Kept: the same again, and another size or address is another code.
        assert_eq!(
            super::qr_svg("https://example.org/public/en.ics", 120).unwrap(),
            s
        );
        assert_eq!(
            super::encode("https://example.org/public/en.ics", 120).unwrap(),
            s
        );
        assert_ne!(
            super::qr_svg("https://example.org/public/en.ics", 180).unwrap(),
            s
        );
        assert_ne!(
            super::qr_svg("https://example.org/public/ja.ics", 120).unwrap(),
            s
        );
    }
}
