//! QR codes for the kiosk (server only): the code of a text as one SVG path, each run of dark
//! modules in a row one rectangle, so a code weighs a few kilobytes.

use std::fmt::Write;

use crate::domain::wall::QrPath;

/// Modules of white around the code: the four the QR standard asks for.
const QUIET_ZONE: u32 = 4;

/// The code of `text`, or `None` if it is too long for a QR code.
pub fn qr_path(text: &str) -> Option<QrPath> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let mut path = String::new();
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == qrcode::Color::Dark {
                let start = x;
                while x < width && row[x] == qrcode::Color::Dark {
                    x += 1;
                }
                let run = x - start;
                let _ = write!(
                    path,
                    "M{} {}h{run}v1h-{run}z",
                    start as u32 + QUIET_ZONE,
                    y as u32 + QUIET_ZONE
                );
            } else {
                x += 1;
            }
        }
    }
    Some(QrPath {
        size: u32::try_from(width).ok()? + 2 * QUIET_ZONE,
        path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wish_address_makes_a_small_square_code() {
        let qr = qr_path("http://127.0.0.1:3000/wall/0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")
            .expect("code");
        // Version 4 (33 modules) or 5 for an address of this length, plus the quiet zone.
        assert!((33 + 8..=41 + 8).contains(&qr.size), "size {}", qr.size);
        assert!(qr.path.starts_with('M'));
        assert!(qr.path.len() < 12_000, "path of {} bytes", qr.path.len());
        let other = qr_path("http://127.0.0.1:3000/wall/another").expect("code");
        assert_ne!(qr.path, other.path);
    }
}
