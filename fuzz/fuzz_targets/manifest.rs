//! The write stage's manifest reader on any text: it must never panic, and whatever it
//! accepts must be written back and read again as the same manifest.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(manifest) = prepress::site::write::parse_manifest(text) {
        let again = prepress::site::write::parse_manifest(&prepress::site::write::manifest_text(&manifest));
        assert_eq!(again.as_ref(), Some(&manifest));
    }
});
