//! QR codes as inline SVG, so a page or poster stays one self-contained file.

use super::PublicError;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// An `<svg>` element encoding `url` (error correction M: survives a creased poster),
/// `size` CSS pixels wide, with the quiet zone scanners need.
pub fn qr_svg(url: &str, size: u32) -> Result<String, PublicError> {
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
    }
}
