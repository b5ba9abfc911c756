//! Reads text on standard input and prints how many words charabia (Chinese only) makes
//! of it: the baseline plus charabia, for compile time and size.
use charabia::Tokenize;
use std::io::Read;
fn main() {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).unwrap();
    let n = text.as_str().tokenize().filter(|t| t.is_word()).count();
    println!("{n}");
}
