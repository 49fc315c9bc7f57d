//! Math functions that std forwards to the C library (`sin`, `exp`, `ln`, `powf`, `cbrt`, `hypot`,
//! `atan2`, `tanh`, and a few more) on f64 and f32, printed with `{:.12}`, plus special values.
//! Inputs go through `black_box` so that nothing is folded at compile time.

use std::hint::black_box;

fn main() {
    let xs64: [f64; 5] = [0.5, 1.0, 2.5, -3.75, 100.0];
    for &x in &xs64 {
        let x = black_box(x);
        println!("f64 sin({x}) = {:.12}", x.sin());
        println!("f64 cos({x}) = {:.12}", x.cos());
        println!("f64 tan({x}) = {:.12}", x.tan());
        println!("f64 exp({x}) = {:.12}", (x / 10.0).exp());
        println!("f64 ln(|{x}|) = {:.12}", x.abs().ln());
        println!("f64 log10(|{x}|) = {:.12}", x.abs().log10());
        println!("f64 log2(|{x}|) = {:.12}", x.abs().log2());
        println!(
            "f64 powf(|{x}|, 1.7) = {:.12}",
            x.abs().powf(black_box(1.7))
        );
        println!("f64 cbrt({x}) = {:.12}", x.cbrt());
        println!("f64 hypot({x}, 3) = {:.12}", x.hypot(black_box(3.0)));
        println!("f64 atan2({x}, -2) = {:.12}", x.atan2(black_box(-2.0)));
        println!("f64 tanh({x}) = {:.12}", (x / 10.0).tanh());
        println!("f64 sinh({x}) = {:.12}", (x / 10.0).sinh());
        println!("f64 asin({x}/100) = {:.12}", (x / 100.0).asin());
        println!("f64 exp_m1({x}/100) = {:.12}", (x / 100.0).exp_m1());
        println!("f64 ln_1p(|{x}|) = {:.12}", x.abs().ln_1p());
        println!("f64 sqrt(|{x}|) = {:.12}", x.abs().sqrt());
    }
    let xs32: [f32; 5] = [0.5, 1.0, 2.5, -3.75, 100.0];
    for &x in &xs32 {
        let x = black_box(x);
        println!("f32 sin({x}) = {:.12}", x.sin());
        println!("f32 cos({x}) = {:.12}", x.cos());
        println!("f32 exp({x}) = {:.12}", (x / 10.0).exp());
        println!("f32 ln(|{x}|) = {:.12}", x.abs().ln());
        println!(
            "f32 powf(|{x}|, 1.7) = {:.12}",
            x.abs().powf(black_box(1.7))
        );
        println!("f32 cbrt({x}) = {:.12}", x.cbrt());
        println!("f32 hypot({x}, 3) = {:.12}", x.hypot(black_box(3.0)));
        println!("f32 atan2({x}, -2) = {:.12}", x.atan2(black_box(-2.0)));
        println!("f32 tanh({x}) = {:.12}", (x / 10.0).tanh());
    }

    // Special values.
    let zero = black_box(0.0f64);
    let one = black_box(1.0f64);
    println!("ln(0) = {:.12}", zero.ln());
    println!("ln(-1) = {:.12}", (-one).ln());
    println!("sqrt(-1) = {:.12}", (-one).sqrt());
    println!("exp(1000) = {:.12}", (one * 1000.0).exp());
    println!("exp(-1000) = {:.12}", (-one * 1000.0).exp());
    println!("powf(0, 0) = {:.12}", zero.powf(zero));
    println!("powf(0, -1) = {:.12}", zero.powf(-one));
    println!("powf(-8, 1/3) = {:.12}", (-8.0 * one).powf(1.0 / 3.0));
    println!("powf(-2, 3) = {:.12}", (-2.0 * one).powf(3.0));
    println!("powi(1.5, 7) = {:.12}", (1.5 * one).powi(7));
    println!("cbrt(-27) = {:.12}", (-27.0 * one).cbrt());
    println!("atan2(0, -0) = {:.12}", zero.atan2(-zero));
    println!("atan2(-0, -0) = {:.12}", (-zero).atan2(-zero));
    println!(
        "hypot(inf, nan) = {:.12}",
        f64::INFINITY.hypot(black_box(f64::NAN))
    );
    println!("tanh(inf) = {:.12}", black_box(f64::INFINITY).tanh());
    println!("sin(inf) = {:.12}", black_box(f64::INFINITY).sin());
    println!("sin(1e22) = {:.12}", black_box(1e22f64).sin());
    println!("exp(709.7) = {:.6e}", black_box(709.7f64).exp());
    println!(
        "ln(f64::MIN_POSITIVE/2) = {:.12}",
        black_box(f64::MIN_POSITIVE / 2.0).ln()
    );
    println!("f32 exp(100) = {:.12}", black_box(100.0f32).exp());
    println!("f32 ln(0) = {:.12}", black_box(0.0f32).ln());
    println!("rem_euclid(-7.5, 2) = {:.12}", (-7.5 * one).rem_euclid(2.0));
    println!("% (fmod)(-7.5, 2) = {:.12}", (-7.5 * one) % black_box(2.0));
    println!("mul_add(2, 3, 4) = {:.12}", (2.0 * one).mul_add(3.0, 4.0));
    println!(
        "round(2.5) = {} round(-2.5) = {}",
        (2.5 * one).round(),
        (-2.5 * one).round()
    );
    println!(
        "floor/ceil/trunc(-1.5) = {} {} {}",
        (-1.5 * one).floor(),
        (-1.5 * one).ceil(),
        (-1.5 * one).trunc()
    );
    println!(
        "parse/print round trip: {}",
        "0.1".parse::<f64>().unwrap() + 0.2
    );
}
