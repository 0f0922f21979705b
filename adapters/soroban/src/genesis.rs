//! The generated world's genesis constants: spec/genesis.json, the file model/world.ts reads too
//! (through spec/genesis.ts), embedded at compile time and parsed once, on first use. A file that
//! does not parse is a bug of the build, caught by this module's test (and by any `init`).

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};

/// spec/genesis.json, as the crate was built with it.
pub const GENESIS_JSON: &str = include_str!("../../../spec/genesis.json");

/// `{value, unit, note}`: the value, its unit and note being documentation.
#[derive(Debug, Deserialize)]
struct Field<T> {
    value: T,
}

fn value<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<T, D::Error> {
    Field::<T>::deserialize(d).map(|f| f.value)
}

/// A decimal string of a non-negative integer, as the protocol writes amounts.
fn amount<'de, D: Deserializer<'de>, T: FromStr>(d: D) -> Result<T, D::Error>
where
    T::Err: fmt::Display,
{
    let s: String = value(d)?;
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(D::Error::custom(format!("{s:?} is not a decimal string of a non-negative integer")));
    }
    s.parse::<T>().map_err(D::Error::custom)
}

#[derive(Debug, Deserialize)]
pub struct Names {
    #[serde(deserialize_with = "value")]
    pub current_backstop: String,
    #[serde(deserialize_with = "value")]
    pub next_backstop: String,
    #[serde(deserialize_with = "value")]
    pub backstop_token: String,
    #[serde(deserialize_with = "value")]
    pub next_backstop_token: String,
    #[serde(deserialize_with = "value")]
    pub drop_recipient: String,
    #[serde(deserialize_with = "value")]
    pub filler_depositor: String,
    #[serde(deserialize_with = "value")]
    pub user_prefix: String,
    #[serde(deserialize_with = "value")]
    pub pool_prefix: String,
    #[serde(deserialize_with = "value")]
    pub filler_pool_prefix: String,
    /// The one LP holder of `whale_lp` (not one of the users).
    #[serde(deserialize_with = "value")]
    pub whale: String,
}

/// Pool `P{i}` belongs to the next backstop when `i % modulus == remainder`.
#[derive(Debug, Deserialize)]
pub struct NextBackstopPools {
    #[serde(deserialize_with = "value")]
    pub modulus: u32,
    #[serde(deserialize_with = "value")]
    pub remainder: u32,
}

#[derive(Debug, Deserialize)]
pub struct Composition {
    #[serde(deserialize_with = "amount")]
    pub blnd_per_lp: i128,
    #[serde(deserialize_with = "amount")]
    pub usdc_per_lp: i128,
}

/// The Comet's weights and swap fee (7 decimals).
#[derive(Debug, Deserialize)]
pub struct Comet {
    #[serde(deserialize_with = "amount")]
    pub blnd_weight: i128,
    #[serde(deserialize_with = "amount")]
    pub usdc_weight: i128,
    #[serde(deserialize_with = "amount")]
    pub swap_fee: i128,
}

/// The generated pools: backstop take rate (7 decimals), every reserve's supply cap (stroops),
/// every asset's oracle price (7 decimals), the pools' minimum collateral (base units, 7 decimals).
#[derive(Debug, Deserialize)]
pub struct Pool {
    #[serde(deserialize_with = "amount")]
    pub backstop_take_rate: u32,
    #[serde(deserialize_with = "amount")]
    pub supply_cap: i128,
    #[serde(deserialize_with = "amount")]
    pub oracle_price: i128,
    #[serde(deserialize_with = "amount")]
    pub min_collateral: i128,
}

/// The second reserve configuration (the world option `second_reserve`): the fields that differ
/// from `default_reserve_config()`'s, 7-decimal fixed point.
#[derive(Debug, Deserialize)]
pub struct SecondReserve {
    #[serde(deserialize_with = "amount")]
    pub util: u32,
    #[serde(deserialize_with = "amount")]
    pub r_one: u32,
    #[serde(deserialize_with = "amount")]
    pub r_two: u32,
    #[serde(deserialize_with = "amount")]
    pub r_three: u32,
    #[serde(deserialize_with = "amount")]
    pub reactivity: u32,
    /// r_one of reserve 0 of every filler pool F{i} of two or more reserves (the default
    /// configuration otherwise): 0 (pool func163 +608's carry test, between the target and the kink).
    #[serde(deserialize_with = "amount")]
    pub filler_r_one: u32,
}

/// spec/genesis.json (see its notes for the units).
#[derive(Debug, Deserialize)]
pub struct Genesis {
    pub names: Names,
    pub next_backstop_pools: NextBackstopPools,
    #[serde(deserialize_with = "value")]
    pub reserves: u32,
    /// Reserve r of the generated pool numbered i has `reserve_decimals[(i + r) % len]` decimals.
    #[serde(deserialize_with = "value")]
    pub reserve_decimals: std::vec::Vec<u32>,
    /// LP stroops per user when `init.world.lp_per_user` is left out.
    #[serde(deserialize_with = "amount")]
    pub lp_per_user: i128,
    /// LP stroops the whale holds at genesis (2^64 and more: the i128 high half).
    #[serde(deserialize_with = "amount")]
    pub whale_lp: i128,
    /// LP stroops each pool funded at genesis holds.
    #[serde(deserialize_with = "amount")]
    pub filler_deposit: i128,
    /// Each configured reserve token's share of a pool's emissions (7 decimals).
    #[serde(deserialize_with = "amount")]
    pub reserve_share: u64,
    /// BLND stroops each backstop's drop list gives the drop recipient.
    #[serde(deserialize_with = "amount")]
    pub drop_amount: i128,
    pub composition: Composition,
    pub comet: Comet,
    pub pool: Pool,
    pub second_reserve: SecondReserve,
}

impl Genesis {
    /// The decimals of reserve `reserve` of the generated pool numbered `pool` (P{pool} or F{pool}),
    /// as src/world/genesis.ts `reserveDecimals` has them.
    pub fn reserve_decimals_of(&self, pool: u32, reserve: u32) -> u32 {
        let list = &self.reserve_decimals;
        list[((pool + reserve) as usize) % list.len()]
    }
}

/// The genesis constants (spec/genesis.json), parsed on first use.
pub fn constants() -> &'static Genesis {
    static G: OnceLock<Genesis> = OnceLock::new();
    G.get_or_init(|| serde_json::from_str(GENESIS_JSON).unwrap_or_else(|e| panic!("spec/genesis.json (embedded): {e}")))
}

#[cfg(test)]
mod tests {
    use super::constants;

    #[test]
    fn the_embedded_genesis_parses_with_the_values_the_model_has() {
        let g = constants();
        assert_eq!(g.names.current_backstop, "backstop");
        assert_eq!(g.names.next_backstop_token, "comet_lp_next");
        assert_eq!(g.filler_deposit, 120_000 * 1_0000000);
        assert_eq!(g.drop_amount, 40_000_000 * 1_0000000);
        assert_eq!(g.lp_per_user, 20_000_000 * 1_0000000);
        assert_eq!((g.composition.blnd_per_lp, g.composition.usdc_per_lp), (50_000_000, 1_000_000));
        assert_eq!(g.reserve_share, 5_000_000);
        assert_eq!(g.reserve_decimals, std::vec![6, 7, 9, 18]);
        assert_eq!((g.reserve_decimals_of(0, 1), g.reserve_decimals_of(3, 0)), (7, 18));
        assert_eq!(
            (g.next_backstop_pools.modulus, g.next_backstop_pools.remainder, g.reserves),
            (3, 2, 2)
        );
        let s = &g.second_reserve;
        assert_eq!(
            (s.util, s.r_one, s.r_two, s.r_three, s.reactivity, s.filler_r_one),
            (6_000_000, 10_000_000, 20_000_000, 50_000_000, 0, 0)
        );
    }
}
