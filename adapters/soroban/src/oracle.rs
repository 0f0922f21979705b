//! A minimal SEP-40 price feed for the pools (native test contract): every asset is worth 1.0 at
//! the current ledger time, 7 decimals (spec/genesis.json `pool.oracle_price`). The v2 pool only calls `decimals` and `lastprice`
//! (pool/src/pool/pool.rs `load_price_decimals`, `load_price`), and only where a health factor
//! is checked (borrow, withdrawal of collateral while liabilities are open).

use soroban_sdk::{contract, contractimpl, contracttype, Address, Env, Symbol};

#[contracttype]
#[derive(Clone, Debug)]
pub enum Asset {
    Stellar(Address),
    Other(Symbol),
}

#[contracttype]
#[derive(Clone, Debug)]
pub struct PriceData {
    pub price: i128,
    pub timestamp: u64,
}

#[contract]
pub struct FlatOracle;

#[contractimpl]
impl FlatOracle {
    pub fn decimals(_e: Env) -> u32 {
        7
    }

    pub fn lastprice(e: Env, _asset: Asset) -> Option<PriceData> {
        Some(PriceData {
            price: crate::genesis::constants().pool.oracle_price,
            timestamp: e.ledger().timestamp(),
        })
    }
}
