//! Mojibake: UTF-8 text that was once decoded as Windows-1252, so that `’` became `â€™`
//! and `🚫` became `ðŸš«`. Each broken character is a short run of characters whose
//! Windows-1252 bytes form one valid UTF-8 sequence; [`repair`] turns every such run back
//! into the character it was, one run at a time, so correct accents next to mojibake
//! survive. [`find`] reports the runs, for `prepress check`.

/// The Windows-1252 byte of a character, when it has one at or above 0x80.
fn cp1252_byte(c: char) -> Option<u8> {
    const HIGH: [(char, u8); 32] = [
        ('€', 0x80),
        ('\u{81}', 0x81),
        ('‚', 0x82),
        ('ƒ', 0x83),
        ('„', 0x84),
        ('…', 0x85),
        ('†', 0x86),
        ('‡', 0x87),
        ('ˆ', 0x88),
        ('‰', 0x89),
        ('Š', 0x8A),
        ('‹', 0x8B),
        ('Œ', 0x8C),
        ('\u{8D}', 0x8D),
        ('Ž', 0x8E),
        ('\u{8F}', 0x8F),
        ('\u{90}', 0x90),
        ('‘', 0x91),
        ('’', 0x92),
        ('“', 0x93),
        ('”', 0x94),
        ('•', 0x95),
        ('–', 0x96),
        ('—', 0x97),
        ('˜', 0x98),
        ('™', 0x99),
        ('š', 0x9A),
        ('›', 0x9B),
        ('œ', 0x9C),
        ('\u{9D}', 0x9D),
        ('ž', 0x9E),
        ('Ÿ', 0x9F),
    ];
    match c as u32 {
        0xA0..=0xFF => Some(c as u32 as u8),
        _ => HIGH.iter().find(|(k, _)| *k == c).map(|&(_, b)| b),
    }
}

/// How many bytes a UTF-8 sequence with this lead byte has (2 to 4), if it is a lead.
fn sequence_len(lead: u8) -> Option<usize> {
    match lead {
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

/// The first UTF-8 byte of every character a broken sequence can start with.
const LEAD_CHARACTER_FIRST_BYTE: u8 = 0xC3;

/// One broken character: its byte range in the text and what it should be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub start: usize,
    pub end: usize,
    pub repaired: char,
}

/// Every mojibake run in `text`, in order.
pub fn find(text: &str) -> Vec<Run> {
    // A broken sequence starts with a lead byte 0xC2..=0xF4 read as Windows-1252, which
    // is a character from U+00C2 to U+00F4, whose UTF-8 starts with the byte 0xC3. Most
    // files have none, and are passed over at memchr speed.
    if !text.as_bytes().contains(&LEAD_CHARACTER_FIRST_BYTE) {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some((len, repaired)) = run_at(&chars, i) {
            let start = chars[i].0;
            let end = chars.get(i + len).map_or(text.len(), |&(offset, _)| offset);
            runs.push(Run {
                start,
                end,
                repaired,
            });
            i += len;
        } else {
            i += 1;
        }
    }
    runs
}

/// The broken character starting at `chars[i]`: how many characters it spans and the
/// character it was.
fn run_at(chars: &[(usize, char)], i: usize) -> Option<(usize, char)> {
    let lead = cp1252_byte(chars[i].1)?;
    let len = sequence_len(lead)?;
    let mut bytes = vec![lead];
    for &(_, c) in chars.get(i + 1..i + len)? {
        let byte = cp1252_byte(c)?;
        if !(0x80..=0xBF).contains(&byte) {
            return None;
        }
        bytes.push(byte);
    }
    let decoded = std::str::from_utf8(&bytes).ok()?;
    let repaired = decoded.chars().next()?;
    // A sequence that decodes to a C1 control is not text anybody wrote.
    if ('\u{80}'..='\u{9F}').contains(&repaired) {
        return None;
    }
    Some((len, repaired))
}

/// The text with every broken character repaired (also text broken twice), and how many
/// characters were repaired.
pub fn repair(text: &str) -> (String, usize) {
    let mut current = text.to_string();
    let mut total = 0;
    for _ in 0..3 {
        let runs = find(&current);
        if runs.is_empty() {
            break;
        }
        total += runs.len();
        let mut repaired = String::with_capacity(current.len());
        let mut last = 0;
        for run in &runs {
            repaired.push_str(&current[last..run.start]);
            repaired.push(run.repaired);
            last = run.end;
        }
        repaired.push_str(&current[last..]);
        current = repaired;
    }
    (current, total)
}

/// The text as it looks after its UTF-8 was decoded as Windows-1252 (for tests).
pub fn break_text(text: &str) -> String {
    let (decoded, _, _) = encoding_rs::WINDOWS_1252.decode(text.as_bytes());
    decoded.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_common_mojibake() {
        assert_eq!(repair("it doesnâ€™t").0, "it doesn’t");
        assert_eq!(repair("A â†’ B").0, "A → B");
        assert_eq!(repair("ðŸš« no").0, "🚫 no");
        assert_eq!(repair("cafÃ©").0, "café");
        assert_eq!(repair("â€œquotedâ€\u{9d}").0, "“quoted”");
    }

    #[test]
    fn correct_accents_next_to_mojibake_survive() {
        assert_eq!(repair("café â€” naïve").0, "café — naïve");
        assert_eq!(repair("SÃO PAULO"), ("SÃO PAULO".to_string(), 0));
    }

    #[test]
    fn finds_runs_with_positions() {
        let runs = find("ok â€™ ok");
        assert_eq!(
            runs,
            [Run {
                start: 3,
                end: 11,
                repaired: '’'
            }]
        );
    }

    #[test]
    fn every_lead_character_starts_with_the_byte_the_fast_path_looks_for() {
        for lead in 0xC2..=0xF4u8 {
            let c = char::from(lead);
            assert_eq!(cp1252_byte(c), Some(lead));
            assert_eq!(
                c.to_string().as_bytes()[0],
                LEAD_CHARACTER_FIRST_BYTE,
                "{c}"
            );
        }
    }

    #[test]
    fn round_trip() {
        let text = "Déjà vu → “quotes” — 🚫 日本語 ’";
        assert_eq!(repair(&break_text(text)).0, text);
    }

    #[test]
    fn twice_broken_text_is_repaired() {
        let text = "it’s";
        assert_eq!(repair(&break_text(&break_text(text))).0, text);
    }
}
