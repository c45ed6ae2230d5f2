//! Lower-casing without the standard library's case tables: `char::to_lowercase` links a
//! table of some 1,400 (upper, lower) pairs, about 11 KB of the shipped wasm, for a mapping
//! that is mostly runs of letters shifted by the same amount. [`first_lower`] gives the first
//! character of `to_lowercase` from 186 such runs; a test checks it against the standard
//! library for every character, so a toolchain with newer Unicode data fails loudly.

/// Runs of characters that lower-case by the same shift: `start << 8 | (stride - 1) << 7 |
/// (count - 1)`, sorted by start; the stride is 1 or 2 (alternating upper and lower case).
const RUNS: [u32; 186] = [
    0x4119, 0xc016, 0xd806, 0x10097, 0x13000, 0x13282, 0x13987, 0x14a96, 0x17800, 0x17982, 0x18100,
    0x18281, 0x18600, 0x18700, 0x18901, 0x18b00, 0x18e00, 0x18f00, 0x19000, 0x19100, 0x19300,
    0x19400, 0x19600, 0x19700, 0x19800, 0x19c00, 0x19d00, 0x19f00, 0x1a082, 0x1a600, 0x1a700,
    0x1a900, 0x1ac00, 0x1ae00, 0x1af00, 0x1b101, 0x1b381, 0x1b700, 0x1b800, 0x1bc00, 0x1c400,
    0x1c500, 0x1c700, 0x1c800, 0x1ca00, 0x1cb88, 0x1de88, 0x1f100, 0x1f281, 0x1f600, 0x1f700,
    0x1f893, 0x22000, 0x22288, 0x23a00, 0x23b00, 0x23d00, 0x23e00, 0x24100, 0x24300, 0x24400,
    0x24500, 0x24684, 0x37081, 0x37600, 0x37f00, 0x38600, 0x38802, 0x38c00, 0x38e01, 0x39110,
    0x3a308, 0x3cf00, 0x3d88b, 0x3f400, 0x3f700, 0x3f900, 0x3fa00, 0x3fd02, 0x4000f, 0x4101f,
    0x46090, 0x48a9a, 0x4c000, 0x4c186, 0x4d0af, 0x53125, 0x10a025, 0x10c700, 0x10cd00, 0x13a04f,
    0x13f005, 0x1c8900, 0x1c902a, 0x1cbd02, 0x1e00ca, 0x1e9e00, 0x1ea0af, 0x1f0807, 0x1f1805,
    0x1f2807, 0x1f3807, 0x1f4805, 0x1f5983, 0x1f6807, 0x1f8807, 0x1f9807, 0x1fa807, 0x1fb801,
    0x1fba01, 0x1fbc00, 0x1fc803, 0x1fcc00, 0x1fd801, 0x1fda01, 0x1fe801, 0x1fea01, 0x1fec00,
    0x1ff801, 0x1ffa01, 0x1ffc00, 0x212600, 0x212a00, 0x212b00, 0x213200, 0x21600f, 0x218300,
    0x24b619, 0x2c002f, 0x2c6000, 0x2c6200, 0x2c6300, 0x2c6400, 0x2c6782, 0x2c6d00, 0x2c6e00,
    0x2c6f00, 0x2c7000, 0x2c7200, 0x2c7500, 0x2c7e01, 0x2c80b1, 0x2ceb81, 0x2cf200, 0xa64096,
    0xa6808d, 0xa72286, 0xa7329e, 0xa77981, 0xa77d00, 0xa77e84, 0xa78b00, 0xa78d00, 0xa79081,
    0xa79689, 0xa7aa00, 0xa7ab00, 0xa7ac00, 0xa7ad00, 0xa7ae00, 0xa7b000, 0xa7b100, 0xa7b200,
    0xa7b300, 0xa7b487, 0xa7c400, 0xa7c500, 0xa7c600, 0xa7c781, 0xa7cb00, 0xa7cc87, 0xa7dc00,
    0xa7f500, 0xff2119, 0x1040027, 0x104b023, 0x105700a, 0x1057c0e, 0x1058c06, 0x1059401,
    0x10c8032, 0x10d5015, 0x118a01f, 0x16e401f, 0x16ea018, 0x1e90021,
];

/// The shift of each run in [`RUNS`].
const SHIFTS: [i32; 186] = [
    32, 32, 32, 1, -199, 1, 1, 1, -121, 1, 210, 1, 206, 1, 205, 1, 79, 202, 203, 1, 205, 207, 211,
    209, 1, 211, 213, 214, 1, 218, 1, 218, 1, 218, 1, 217, 1, 219, 1, 1, 2, 1, 2, 1, 2, 1, 1, 2, 1,
    -97, -56, 1, -130, 1, 10795, 1, -163, 10792, 1, -195, 69, 71, 1, 1, 1, 116, 38, 37, 64, 63, 32,
    32, 8, 1, -60, 1, -7, 1, -130, 80, 32, 1, 1, 15, 1, 1, 48, 7264, 7264, 7264, 38864, 8, 1,
    -3008, -3008, 1, -7615, 1, -8, -8, -8, -8, -8, -8, -8, -8, -8, -8, -8, -74, -9, -86, -9, -8,
    -100, -8, -112, -7, -128, -126, -9, -7517, -8383, -8262, 28, 16, 1, 26, 48, 1, -10743, -3814,
    -10727, 1, -10780, -10749, -10783, -10782, 1, 1, -10815, 1, 1, 1, 1, 1, 1, 1, 1, -35332, 1, 1,
    -42280, 1, 1, -42308, -42319, -42315, -42305, -42308, -42258, -42282, -42261, 928, 1, -48,
    -42307, -35384, 1, -42343, 1, -42561, 1, 32, 40, 40, 39, 39, 39, 39, 64, 32, 32, 32, 27, 34,
];

/// The first character of `c.to_lowercase()` (`c` itself when it has no lower case).
pub fn first_lower(c: char) -> char {
    let u = u32::from(c);
    let at = RUNS.partition_point(|&r| r >> 8 <= u);
    let Some(i) = at.checked_sub(1) else {
        return c;
    };
    let (r, offset) = (RUNS[i], u - (RUNS[i] >> 8));
    let stride = (r >> 7 & 1) + 1;
    if offset % stride == 0 && offset / stride <= (r & 0x7f) {
        char::from_u32(u.wrapping_add_signed(SHIFTS[i])).unwrap_or(c)
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_standard_library_for_every_character() {
        for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
            let want = c.to_lowercase().next().unwrap_or(c);
            assert_eq!(first_lower(c), want, "U+{:04X}", u32::from(c));
        }
    }
}
