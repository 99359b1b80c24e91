//! Unicode character properties for the hot paths, from a table.
//!
//! The standard library answers `is_alphabetic` and its kin by searching compressed tables, fast enough once but
//! not for every character of a text in another script: on Russian news, those searches were half of all the
//! time. Here each property of a character of the Basic Multilingual Plane is one bit in a page of 256
//! characters, computed from the standard library the first time a character of that page is asked about (so a
//! process that only ever sees English text builds none). Answers are the standard library's, by construction
//! and by an exhaustive test.

use std::sync::OnceLock;
use unicode_normalization::char::is_combining_mark;

const ALPHABETIC: u8 = 1;
const ALPHANUMERIC: u8 = 2;
const UPPERCASE: u8 = 4;
const LOWERCASE: u8 = 8;
const COMBINING: u8 = 16;

/// The pages of the Basic Multilingual Plane, each built on first use.
static PAGES: [OnceLock<[u8; 256]>; 256] = [const { OnceLock::new() }; 256];

fn compute(c: char) -> u8 {
    let mut p = 0;
    if c.is_alphabetic() {
        p |= ALPHABETIC;
    }
    if c.is_alphanumeric() {
        p |= ALPHANUMERIC;
    }
    if c.is_uppercase() {
        p |= UPPERCASE;
    }
    if c.is_lowercase() {
        p |= LOWERCASE;
    }
    if is_combining_mark(c) {
        p |= COMBINING;
    }
    p
}

#[inline]
fn props(c: char) -> u8 {
    let code = c as u32;
    if code >= 0x1_0000 {
        return compute(c);
    }
    let page = PAGES[(code >> 8) as usize].get_or_init(|| {
        let mut page = [0u8; 256];
        for (low, slot) in page.iter_mut().enumerate() {
            if let Some(c) = char::from_u32(code & !0xff | low as u32) {
                *slot = compute(c);
            }
        }
        page
    });
    page[(code & 0xff) as usize]
}

/// [`char::is_alphabetic`].
#[inline]
pub(crate) fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_alphabetic() } else { props(c) & ALPHABETIC != 0 }
}

/// [`char::is_alphanumeric`].
#[inline]
pub(crate) fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_alphanumeric() } else { props(c) & ALPHANUMERIC != 0 }
}

/// [`char::is_uppercase`].
#[inline]
pub(crate) fn is_uppercase(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_uppercase() } else { props(c) & UPPERCASE != 0 }
}

/// [`char::is_lowercase`].
#[inline]
pub(crate) fn is_lowercase(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_lowercase() } else { props(c) & LOWERCASE != 0 }
}

/// A letter, a digit or a combining mark: part of a word for boundary checks (`_` is added by the callers that
/// want it).
#[inline]
pub(crate) fn is_alphanumeric_or_mark(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_alphanumeric() } else { props(c) & (ALPHANUMERIC | COMBINING) != 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_character_has_the_standard_librarys_properties() {
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_uppercase(c), c.is_uppercase(), "{c:?}");
            assert_eq!(is_lowercase(c), c.is_lowercase(), "{c:?}");
            assert_eq!(is_alphanumeric_or_mark(c), c.is_alphanumeric() || is_combining_mark(c), "{c:?}");
        }
    }
}
