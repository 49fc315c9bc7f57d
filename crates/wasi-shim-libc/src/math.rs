//! The C math library, from the `libm` crate (a port of musl's, as wasi-libc ships).
//!
//! Each function is the `libm` function of the same name; std's float methods call the
//! transcendental ones (`sin`, `exp`, `pow`, ...) and libtest calls `fmin`, `fmax`, `fmod`.

use core::ffi::c_int;

/// `acos`: see `libm::acos`.
#[unsafe(no_mangle)]
pub extern "C" fn acos(x: f64) -> f64 {
    libm::acos(x)
}

/// `acosf`: see `libm::acosf`.
#[unsafe(no_mangle)]
pub extern "C" fn acosf(x: f32) -> f32 {
    libm::acosf(x)
}

/// `asin`: see `libm::asin`.
#[unsafe(no_mangle)]
pub extern "C" fn asin(x: f64) -> f64 {
    libm::asin(x)
}

/// `asinf`: see `libm::asinf`.
#[unsafe(no_mangle)]
pub extern "C" fn asinf(x: f32) -> f32 {
    libm::asinf(x)
}

/// `atan`: see `libm::atan`.
#[unsafe(no_mangle)]
pub extern "C" fn atan(x: f64) -> f64 {
    libm::atan(x)
}

/// `atanf`: see `libm::atanf`.
#[unsafe(no_mangle)]
pub extern "C" fn atanf(x: f32) -> f32 {
    libm::atanf(x)
}

/// `cbrt`: see `libm::cbrt`.
#[unsafe(no_mangle)]
pub extern "C" fn cbrt(x: f64) -> f64 {
    libm::cbrt(x)
}

/// `cbrtf`: see `libm::cbrtf`.
#[unsafe(no_mangle)]
pub extern "C" fn cbrtf(x: f32) -> f32 {
    libm::cbrtf(x)
}

/// `ceil`: see `libm::ceil`.
#[unsafe(no_mangle)]
pub extern "C" fn ceil(x: f64) -> f64 {
    libm::ceil(x)
}

/// `ceilf`: see `libm::ceilf`.
#[unsafe(no_mangle)]
pub extern "C" fn ceilf(x: f32) -> f32 {
    libm::ceilf(x)
}

/// `cos`: see `libm::cos`.
#[unsafe(no_mangle)]
pub extern "C" fn cos(x: f64) -> f64 {
    libm::cos(x)
}

/// `cosf`: see `libm::cosf`.
#[unsafe(no_mangle)]
pub extern "C" fn cosf(x: f32) -> f32 {
    libm::cosf(x)
}

/// `cosh`: see `libm::cosh`.
#[unsafe(no_mangle)]
pub extern "C" fn cosh(x: f64) -> f64 {
    libm::cosh(x)
}

/// `coshf`: see `libm::coshf`.
#[unsafe(no_mangle)]
pub extern "C" fn coshf(x: f32) -> f32 {
    libm::coshf(x)
}

/// `erf`: see `libm::erf`.
#[unsafe(no_mangle)]
pub extern "C" fn erf(x: f64) -> f64 {
    libm::erf(x)
}

/// `erff`: see `libm::erff`.
#[unsafe(no_mangle)]
pub extern "C" fn erff(x: f32) -> f32 {
    libm::erff(x)
}

/// `erfc`: see `libm::erfc`.
#[unsafe(no_mangle)]
pub extern "C" fn erfc(x: f64) -> f64 {
    libm::erfc(x)
}

/// `erfcf`: see `libm::erfcf`.
#[unsafe(no_mangle)]
pub extern "C" fn erfcf(x: f32) -> f32 {
    libm::erfcf(x)
}

/// `exp`: see `libm::exp`.
#[unsafe(no_mangle)]
pub extern "C" fn exp(x: f64) -> f64 {
    libm::exp(x)
}

/// `expf`: see `libm::expf`.
#[unsafe(no_mangle)]
pub extern "C" fn expf(x: f32) -> f32 {
    libm::expf(x)
}

/// `exp10`: see `libm::exp10`.
#[unsafe(no_mangle)]
pub extern "C" fn exp10(x: f64) -> f64 {
    libm::exp10(x)
}

/// `exp10f`: see `libm::exp10f`.
#[unsafe(no_mangle)]
pub extern "C" fn exp10f(x: f32) -> f32 {
    libm::exp10f(x)
}

/// `exp2`: see `libm::exp2`.
#[unsafe(no_mangle)]
pub extern "C" fn exp2(x: f64) -> f64 {
    libm::exp2(x)
}

/// `exp2f`: see `libm::exp2f`.
#[unsafe(no_mangle)]
pub extern "C" fn exp2f(x: f32) -> f32 {
    libm::exp2f(x)
}

/// `expm1`: see `libm::expm1`.
#[unsafe(no_mangle)]
pub extern "C" fn expm1(x: f64) -> f64 {
    libm::expm1(x)
}

/// `expm1f`: see `libm::expm1f`.
#[unsafe(no_mangle)]
pub extern "C" fn expm1f(x: f32) -> f32 {
    libm::expm1f(x)
}

/// `fabs`: see `libm::fabs`.
#[unsafe(no_mangle)]
pub extern "C" fn fabs(x: f64) -> f64 {
    libm::fabs(x)
}

/// `fabsf`: see `libm::fabsf`.
#[unsafe(no_mangle)]
pub extern "C" fn fabsf(x: f32) -> f32 {
    libm::fabsf(x)
}

/// `floor`: see `libm::floor`.
#[unsafe(no_mangle)]
pub extern "C" fn floor(x: f64) -> f64 {
    libm::floor(x)
}

/// `floorf`: see `libm::floorf`.
#[unsafe(no_mangle)]
pub extern "C" fn floorf(x: f32) -> f32 {
    libm::floorf(x)
}

/// `j0`: see `libm::j0`.
#[unsafe(no_mangle)]
pub extern "C" fn j0(x: f64) -> f64 {
    libm::j0(x)
}

/// `j0f`: see `libm::j0f`.
#[unsafe(no_mangle)]
pub extern "C" fn j0f(x: f32) -> f32 {
    libm::j0f(x)
}

/// `j1`: see `libm::j1`.
#[unsafe(no_mangle)]
pub extern "C" fn j1(x: f64) -> f64 {
    libm::j1(x)
}

/// `j1f`: see `libm::j1f`.
#[unsafe(no_mangle)]
pub extern "C" fn j1f(x: f32) -> f32 {
    libm::j1f(x)
}

/// `lgamma`: see `libm::lgamma`.
#[unsafe(no_mangle)]
pub extern "C" fn lgamma(x: f64) -> f64 {
    libm::lgamma(x)
}

/// `lgammaf`: see `libm::lgammaf`.
#[unsafe(no_mangle)]
pub extern "C" fn lgammaf(x: f32) -> f32 {
    libm::lgammaf(x)
}

/// `log`: see `libm::log`.
#[unsafe(no_mangle)]
pub extern "C" fn log(x: f64) -> f64 {
    libm::log(x)
}

/// `logf`: see `libm::logf`.
#[unsafe(no_mangle)]
pub extern "C" fn logf(x: f32) -> f32 {
    libm::logf(x)
}

/// `log10`: see `libm::log10`.
#[unsafe(no_mangle)]
pub extern "C" fn log10(x: f64) -> f64 {
    libm::log10(x)
}

/// `log10f`: see `libm::log10f`.
#[unsafe(no_mangle)]
pub extern "C" fn log10f(x: f32) -> f32 {
    libm::log10f(x)
}

/// `log1p`: see `libm::log1p`.
#[unsafe(no_mangle)]
pub extern "C" fn log1p(x: f64) -> f64 {
    libm::log1p(x)
}

/// `log1pf`: see `libm::log1pf`.
#[unsafe(no_mangle)]
pub extern "C" fn log1pf(x: f32) -> f32 {
    libm::log1pf(x)
}

/// `log2`: see `libm::log2`.
#[unsafe(no_mangle)]
pub extern "C" fn log2(x: f64) -> f64 {
    libm::log2(x)
}

/// `log2f`: see `libm::log2f`.
#[unsafe(no_mangle)]
pub extern "C" fn log2f(x: f32) -> f32 {
    libm::log2f(x)
}

/// `rint`: see `libm::rint`.
#[unsafe(no_mangle)]
pub extern "C" fn rint(x: f64) -> f64 {
    libm::rint(x)
}

/// `rintf`: see `libm::rintf`.
#[unsafe(no_mangle)]
pub extern "C" fn rintf(x: f32) -> f32 {
    libm::rintf(x)
}

/// `round`: see `libm::round`.
#[unsafe(no_mangle)]
pub extern "C" fn round(x: f64) -> f64 {
    libm::round(x)
}

/// `roundf`: see `libm::roundf`.
#[unsafe(no_mangle)]
pub extern "C" fn roundf(x: f32) -> f32 {
    libm::roundf(x)
}

/// `roundeven`: see `libm::roundeven`.
#[unsafe(no_mangle)]
pub extern "C" fn roundeven(x: f64) -> f64 {
    libm::roundeven(x)
}

/// `roundevenf`: see `libm::roundevenf`.
#[unsafe(no_mangle)]
pub extern "C" fn roundevenf(x: f32) -> f32 {
    libm::roundevenf(x)
}

/// `sin`: see `libm::sin`.
#[unsafe(no_mangle)]
pub extern "C" fn sin(x: f64) -> f64 {
    libm::sin(x)
}

/// `sinf`: see `libm::sinf`.
#[unsafe(no_mangle)]
pub extern "C" fn sinf(x: f32) -> f32 {
    libm::sinf(x)
}

/// `sinh`: see `libm::sinh`.
#[unsafe(no_mangle)]
pub extern "C" fn sinh(x: f64) -> f64 {
    libm::sinh(x)
}

/// `sinhf`: see `libm::sinhf`.
#[unsafe(no_mangle)]
pub extern "C" fn sinhf(x: f32) -> f32 {
    libm::sinhf(x)
}

/// `sqrt`: see `libm::sqrt`.
#[unsafe(no_mangle)]
pub extern "C" fn sqrt(x: f64) -> f64 {
    libm::sqrt(x)
}

/// `sqrtf`: see `libm::sqrtf`.
#[unsafe(no_mangle)]
pub extern "C" fn sqrtf(x: f32) -> f32 {
    libm::sqrtf(x)
}

/// `tan`: see `libm::tan`.
#[unsafe(no_mangle)]
pub extern "C" fn tan(x: f64) -> f64 {
    libm::tan(x)
}

/// `tanf`: see `libm::tanf`.
#[unsafe(no_mangle)]
pub extern "C" fn tanf(x: f32) -> f32 {
    libm::tanf(x)
}

/// `tanh`: see `libm::tanh`.
#[unsafe(no_mangle)]
pub extern "C" fn tanh(x: f64) -> f64 {
    libm::tanh(x)
}

/// `tanhf`: see `libm::tanhf`.
#[unsafe(no_mangle)]
pub extern "C" fn tanhf(x: f32) -> f32 {
    libm::tanhf(x)
}

/// `tgamma`: see `libm::tgamma`.
#[unsafe(no_mangle)]
pub extern "C" fn tgamma(x: f64) -> f64 {
    libm::tgamma(x)
}

/// `tgammaf`: see `libm::tgammaf`.
#[unsafe(no_mangle)]
pub extern "C" fn tgammaf(x: f32) -> f32 {
    libm::tgammaf(x)
}

/// `trunc`: see `libm::trunc`.
#[unsafe(no_mangle)]
pub extern "C" fn trunc(x: f64) -> f64 {
    libm::trunc(x)
}

/// `truncf`: see `libm::truncf`.
#[unsafe(no_mangle)]
pub extern "C" fn truncf(x: f32) -> f32 {
    libm::truncf(x)
}

/// `y0`: see `libm::y0`.
#[unsafe(no_mangle)]
pub extern "C" fn y0(x: f64) -> f64 {
    libm::y0(x)
}

/// `y0f`: see `libm::y0f`.
#[unsafe(no_mangle)]
pub extern "C" fn y0f(x: f32) -> f32 {
    libm::y0f(x)
}

/// `y1`: see `libm::y1`.
#[unsafe(no_mangle)]
pub extern "C" fn y1(x: f64) -> f64 {
    libm::y1(x)
}

/// `y1f`: see `libm::y1f`.
#[unsafe(no_mangle)]
pub extern "C" fn y1f(x: f32) -> f32 {
    libm::y1f(x)
}

/// `atan2`: see `libm::atan2`.
#[unsafe(no_mangle)]
pub extern "C" fn atan2(x: f64, y: f64) -> f64 {
    libm::atan2(x, y)
}

/// `atan2f`: see `libm::atan2f`.
#[unsafe(no_mangle)]
pub extern "C" fn atan2f(x: f32, y: f32) -> f32 {
    libm::atan2f(x, y)
}

/// `copysign`: see `libm::copysign`.
#[unsafe(no_mangle)]
pub extern "C" fn copysign(x: f64, y: f64) -> f64 {
    libm::copysign(x, y)
}

/// `copysignf`: see `libm::copysignf`.
#[unsafe(no_mangle)]
pub extern "C" fn copysignf(x: f32, y: f32) -> f32 {
    libm::copysignf(x, y)
}

/// `fdim`: see `libm::fdim`.
#[unsafe(no_mangle)]
pub extern "C" fn fdim(x: f64, y: f64) -> f64 {
    libm::fdim(x, y)
}

/// `fdimf`: see `libm::fdimf`.
#[unsafe(no_mangle)]
pub extern "C" fn fdimf(x: f32, y: f32) -> f32 {
    libm::fdimf(x, y)
}

/// `fmax`: see `libm::fmax`.
#[unsafe(no_mangle)]
pub extern "C" fn fmax(x: f64, y: f64) -> f64 {
    libm::fmax(x, y)
}

/// `fmaxf`: see `libm::fmaxf`.
#[unsafe(no_mangle)]
pub extern "C" fn fmaxf(x: f32, y: f32) -> f32 {
    libm::fmaxf(x, y)
}

/// `fmin`: see `libm::fmin`.
#[unsafe(no_mangle)]
pub extern "C" fn fmin(x: f64, y: f64) -> f64 {
    libm::fmin(x, y)
}

/// `fminf`: see `libm::fminf`.
#[unsafe(no_mangle)]
pub extern "C" fn fminf(x: f32, y: f32) -> f32 {
    libm::fminf(x, y)
}

/// `fmod`: see `libm::fmod`.
#[unsafe(no_mangle)]
pub extern "C" fn fmod(x: f64, y: f64) -> f64 {
    libm::fmod(x, y)
}

/// `fmodf`: see `libm::fmodf`.
#[unsafe(no_mangle)]
pub extern "C" fn fmodf(x: f32, y: f32) -> f32 {
    libm::fmodf(x, y)
}

/// `hypot`: see `libm::hypot`.
#[unsafe(no_mangle)]
pub extern "C" fn hypot(x: f64, y: f64) -> f64 {
    libm::hypot(x, y)
}

/// `hypotf`: see `libm::hypotf`.
#[unsafe(no_mangle)]
pub extern "C" fn hypotf(x: f32, y: f32) -> f32 {
    libm::hypotf(x, y)
}

/// `nextafter`: see `libm::nextafter`.
#[unsafe(no_mangle)]
pub extern "C" fn nextafter(x: f64, y: f64) -> f64 {
    libm::nextafter(x, y)
}

/// `nextafterf`: see `libm::nextafterf`.
#[unsafe(no_mangle)]
pub extern "C" fn nextafterf(x: f32, y: f32) -> f32 {
    libm::nextafterf(x, y)
}

/// `pow`: see `libm::pow`.
#[unsafe(no_mangle)]
pub extern "C" fn pow(x: f64, y: f64) -> f64 {
    libm::pow(x, y)
}

/// `powf`: see `libm::powf`.
#[unsafe(no_mangle)]
pub extern "C" fn powf(x: f32, y: f32) -> f32 {
    libm::powf(x, y)
}

/// `remainder`: see `libm::remainder`.
#[unsafe(no_mangle)]
pub extern "C" fn remainder(x: f64, y: f64) -> f64 {
    libm::remainder(x, y)
}

/// `remainderf`: see `libm::remainderf`.
#[unsafe(no_mangle)]
pub extern "C" fn remainderf(x: f32, y: f32) -> f32 {
    libm::remainderf(x, y)
}

/// `fma`: see `libm::fma`.
#[unsafe(no_mangle)]
pub extern "C" fn fma(x: f64, y: f64, z: f64) -> f64 {
    libm::fma(x, y, z)
}

/// `fmaf`: see `libm::fmaf`.
#[unsafe(no_mangle)]
pub extern "C" fn fmaf(x: f32, y: f32, z: f32) -> f32 {
    libm::fmaf(x, y, z)
}

/// `ldexp(x, n)`.
#[unsafe(no_mangle)]
pub extern "C" fn ldexp(x: f64, n: c_int) -> f64 {
    libm::ldexp(x, n)
}

/// `ldexpf(x, n)`.
#[unsafe(no_mangle)]
pub extern "C" fn ldexpf(x: f32, n: c_int) -> f32 {
    libm::ldexpf(x, n)
}

/// `scalbn(x, n)`.
#[unsafe(no_mangle)]
pub extern "C" fn scalbn(x: f64, n: c_int) -> f64 {
    libm::scalbn(x, n)
}

/// `scalbnf(x, n)`.
#[unsafe(no_mangle)]
pub extern "C" fn scalbnf(x: f32, n: c_int) -> f32 {
    libm::scalbnf(x, n)
}

/// `frexp(x, exp)`.
///
/// # Safety
/// `exp` must be valid for writing an `int`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn frexp(x: f64, exp: *mut c_int) -> f64 {
    let (m, e) = libm::frexp(x);
    // SAFETY: the caller gives a writable `int`.
    unsafe { exp.write(e) };
    m
}

/// `frexpf(x, exp)`.
///
/// # Safety
/// `exp` must be valid for writing an `int`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn frexpf(x: f32, exp: *mut c_int) -> f32 {
    let (m, e) = libm::frexpf(x);
    // SAFETY: the caller gives a writable `int`.
    unsafe { exp.write(e) };
    m
}

/// `lgamma_r(x, sign)`: std's `ln_gamma` calls it.
///
/// # Safety
/// `sign` must be valid for writing an `int`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lgamma_r(x: f64, sign: *mut c_int) -> f64 {
    let (r, s) = libm::lgamma_r(x);
    // SAFETY: the caller gives a writable `int`.
    unsafe { sign.write(s) };
    r
}

/// `lgammaf_r(x, sign)`.
///
/// # Safety
/// `sign` must be valid for writing an `int`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lgammaf_r(x: f32, sign: *mut c_int) -> f32 {
    let (r, s) = libm::lgammaf_r(x);
    // SAFETY: the caller gives a writable `int`.
    unsafe { sign.write(s) };
    r
}
