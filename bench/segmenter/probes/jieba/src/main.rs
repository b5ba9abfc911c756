//! Reads text on standard input and prints how many words jieba-rs cuts it into: the
//! baseline plus jieba-rs and its default dictionary, for compile time and size.
use std::io::Read;
fn main() {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).unwrap();
    let jieba = jieba_rs::Jieba::new();
    let words = jieba.cut(&text, false);
    println!("{}", words.len());
}
