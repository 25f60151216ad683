//! Colours the terminal can show: true colour when it says so (`COLORTERM`), else the nearest
//! of 256 or 16 colours, or none (`NO_COLOR`, `--color never`). The themes are written in RGB;
//! a finished frame is mapped down once, so every widget stays written for one palette.

use ratatui::buffer::Buffer;
use ratatui::style::Color;

pub use crate::app::colors::{ColorChoice, Colors, detect};

/// Maps every RGB colour of a drawn frame to what the terminal shows.
pub fn apply(buffer: &mut Buffer, colors: Colors) {
    if matches!(colors, Colors::TrueColor | Colors::None) {
        return;
    }
    for cell in buffer.content.iter_mut() {
        cell.fg = downgrade(cell.fg, colors);
        cell.bg = downgrade(cell.bg, colors);
    }
}

/// The nearest colour the terminal has.
pub fn downgrade(color: Color, colors: Colors) -> Color {
    let Color::Rgb(r, g, b) = color else {
        return color;
    };
    match colors {
        Colors::TrueColor | Colors::None => color,
        Colors::Indexed256 => Color::Indexed(nearest_256(r, g, b)),
        Colors::Basic16 => Color::Indexed(nearest(r, g, b, &BASIC_16)),
    }
}

/// The xterm palette's first 16 colours (what most terminals show for them).
const BASIC_16: [(u8, u8, u8); 16] = [
    (0, 0, 0),
    (205, 0, 0),
    (0, 205, 0),
    (205, 205, 0),
    (0, 0, 238),
    (205, 0, 205),
    (0, 205, 205),
    (229, 229, 229),
    (127, 127, 127),
    (255, 0, 0),
    (0, 255, 0),
    (255, 255, 0),
    (92, 92, 255),
    (255, 0, 255),
    (0, 255, 255),
    (255, 255, 255),
];

fn nearest(r: u8, g: u8, b: u8, palette: &[(u8, u8, u8)]) -> u8 {
    let distance = |(pr, pg, pb): (u8, u8, u8)| {
        let d = |a: u8, b: u8| (i32::from(a) - i32::from(b)).pow(2);
        d(r, pr) + d(g, pg) + d(b, pb)
    };
    (0..palette.len())
        .min_by_key(|&i| distance(palette[i]))
        .unwrap_or(0) as u8
}

/// The nearest of the 6x6x6 colour cube (16-231) and the grey ramp (232-255).
fn nearest_256(r: u8, g: u8, b: u8) -> u8 {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    let level = |v: u8| nearest(v, v, v, &LEVELS.map(|l| (l, l, l)));
    let (cr, cg, cb) = (level(r), level(g), level(b));
    let cube = (
        LEVELS[cr as usize],
        LEVELS[cg as usize],
        LEVELS[cb as usize],
    );
    let grey_index = ((i32::from(r) + i32::from(g) + i32::from(b)) / 3 - 8).clamp(0, 230) / 10;
    let grey_value = (8 + grey_index * 10) as u8;
    let grey = (grey_value, grey_value, grey_value);
    if nearest(r, g, b, &[cube, grey]) == 0 {
        16 + 36 * cr + 6 * cg + cb
    } else {
        232 + grey_index as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rgb_maps_to_the_nearest_indexed_colour() {
        let to = |c, colors| downgrade(c, colors);
        assert_eq!(
            to(Color::Rgb(255, 0, 0), Colors::Indexed256),
            Color::Indexed(196)
        );
        assert_eq!(
            to(Color::Rgb(0, 0, 0), Colors::Indexed256),
            Color::Indexed(16)
        );
        assert_eq!(
            to(Color::Rgb(128, 128, 128), Colors::Indexed256),
            Color::Indexed(244)
        );
        assert_eq!(
            to(Color::Rgb(200, 10, 10), Colors::Basic16),
            Color::Indexed(1)
        );
        assert_eq!(
            to(Color::Rgb(250, 250, 250), Colors::Basic16),
            Color::Indexed(15)
        );
        assert_eq!(to(Color::Reset, Colors::Basic16), Color::Reset);
        assert_eq!(
            to(Color::Rgb(1, 2, 3), Colors::TrueColor),
            Color::Rgb(1, 2, 3)
        );
    }

    #[test]
    fn a_drawn_frame_keeps_no_rgb_on_a_256_colour_terminal() {
        let mut buffer = Buffer::empty(ratatui::layout::Rect::new(0, 0, 3, 1));
        buffer[(1, 0)]
            .set_fg(Color::Rgb(230, 159, 0))
            .set_bg(Color::Rgb(0, 70, 180));
        apply(&mut buffer, Colors::Indexed256);
        assert!(
            buffer
                .content
                .iter()
                .all(|c| !matches!(c.fg, Color::Rgb(..)) && !matches!(c.bg, Color::Rgb(..)))
        );
    }
}
