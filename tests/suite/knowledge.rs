//! A vault as a knowledge site: every page lists the pages that link to it ("Linked
//! from"), and tags (front matter and inline `#tags`, nested ones under their parents)
//! have pages of their own; in Chromium, a backlink and a tag lead where they say.

use fantoccini::Locator;

use crate::common::Course;
use crate::common::browser::{Browser, StaticServer, wait_for};

fn vault() -> Course {
    let course = Course::fixture("prep");
    course.write(
        "content/notes/gradle-cache.md",
        "---\ntitle: Gradle build cache\ntags: [android/gradle]\n---\n\
         How the build cache works. #performance\n\n```kotlin\nval tag = \"#not-a-tag\"\n```\n",
    );
    course.write(
        "content/notes/android-basics.md",
        "---\ntitle: Android basics\ntags: [Android]\n---\n\
         Start here, then read [[Gradle build cache]] for faster builds.\n\n\
         - A list item about [the cache](gradle-cache.md) too.\n\nIssue #123 is no tag, nor is C#.\n",
    );
    course.build_ok(&[]);
    course
}

#[test]
fn tags_have_pages_nested_under_their_parents_and_pages_link_to_them() {
    let course = vault();
    let all = course.output_file("tags/index.html").to_lowercase();
    for tag in ["#android", "#gradle", "#performance"] {
        assert!(all.contains(&format!(">{tag}</a>")), "{tag} in {all}");
    }
    assert!(!all.contains("not-a-tag"), "a tag in code is no tag");
    assert!(!all.contains("#123"), "digits alone are no tag");
    let android = course.output_file("tags/android/index.html");
    assert!(android.contains("Android basics"), "its own page");
    assert!(
        android.contains("Gradle build cache")
            && android.to_lowercase().contains("#android/gradle"),
        "the narrower tag's pages under it"
    );
    let gradle = course.output_file("tags/android/gradle/index.html");
    assert!(gradle.contains("Gradle build cache"));
    assert!(!gradle.contains(">Android basics<"));
    let note = course.output_file("notes/gradle-cache/index.html");
    assert!(
        note.contains("<li><a href=\"../../tags/android/gradle/\">android/gradle</a></li>"),
        "the page's tag links to its page"
    );
    assert!(
        note.contains("<li><a href=\"../../tags/performance/\">performance</a></li>"),
        "an inline tag too"
    );
}

#[test]
fn a_page_lists_the_pages_linking_to_it() {
    let course = vault();
    let note = course.output_file("notes/gradle-cache/index.html");
    let linked = note
        .split("<section class=\"backlinks\"")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .expect("a Linked from list");
    assert!(linked.contains("<a href=\"../android-basics/\">Android basics</a>"));
    assert!(
        linked.contains("Start here, then read Gradle build cache for faster builds."),
        "the words around the first link: {linked}"
    );
    assert_eq!(
        linked.matches("Android basics").count(),
        1,
        "one entry for two links"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backlink_and_a_tag_lead_where_they_say() {
    let course = vault();
    let server = StaticServer::start(&course.path("output"));
    let browser = Browser::start().await;
    let client = &browser.client;
    client
        .goto(&server.url("/notes/gradle-cache/"))
        .await
        .unwrap();
    client
        .find(Locator::Css(".backlinks a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(
        client,
        10,
        "the linking page",
        "return document.querySelector('main h1')?.textContent === 'Android basics';",
    )
    .await;
    client
        .find(Locator::Css(".tags a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(
        client,
        10,
        "the tag's page",
        "return document.body.classList.contains('kind-tag') && document.querySelector('main h1').textContent.toLowerCase() === '#android';",
    )
    .await;
    browser.close().await;
}
