//! Reads text on standard input and prints how many pairs of Han characters it has: the
//! baseline binary, without a segmenter, for compile time and size.
use std::io::Read;
fn main() {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).unwrap();
    let chars: Vec<char> = text.chars().filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c)).collect();
    let words: Vec<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
    println!("{}", words.len());
}
