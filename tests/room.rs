mod common;
use common::{demo_with_future, screen, typing};

#[test]
fn dump() {
    for (w, h) in [(100, 30), (120, 35), (121, 33), (160, 45), (200, 60)] {
        let mut app = demo_with_future(w, h);
        app.status = None;
        std::fs::write(format!("/tmp/room/n_{w}x{h}.txt"), screen(&app, w, h)).unwrap();
        typing(&mut app, "P");
        app.status = None;
        std::fs::write(format!("/tmp/room/p_{w}x{h}.txt"), screen(&app, w, h)).unwrap();
    }
}
