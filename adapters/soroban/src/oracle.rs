//! A minimal SEP-40 price feed for the pools (native test contract), 7 decimals. Every asset is
//! worth `pool.oracle_price` (spec/genesis.json: 1.0) stamped with the current ledger time (a live
//! feed) until `set_price` stores a price for it: then `lastprice` answers that price and, where
//! one was given, its fixed timestamp (which ages as the ledger time moves), else the current
//! time. The v2 pool only calls `decimals` and `lastprice` (pool/src/pool/pool.rs
//! `load_price_decimals`, `load_price`, which refuses a price older than 24 h or not positive:
//! InvalidPrice, 1210), and only where a health factor is checked (borrow, withdrawal of
//! collateral while liabilities are open). The prices live in the contract's instance storage, so
//! the ledger's snapshots and resets (reset.rs) carry them like any contract data.

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

/// A stored price: 7 decimals, and its timestamp (seconds), or none for the ledger time of each read.
#[contracttype]
#[derive(Clone, Debug)]
pub struct StoredPrice {
    pub price: i128,
    pub timestamp: Option<u64>,
}

#[contract]
pub struct FlatOracle;

#[contractimpl]
impl FlatOracle {
    pub fn decimals(_e: Env) -> u32 {
        7
    }

    pub fn lastprice(e: Env, asset: Asset) -> Option<PriceData> {
        let stored: Option<StoredPrice> = e.storage().instance().get(&asset);
        let now = e.ledger().timestamp();
        Some(match stored {
            Some(p) => PriceData {
                price: p.price,
                timestamp: p.timestamp.unwrap_or(now),
            },
            None => PriceData {
                price: crate::genesis::constants().pool.oracle_price,
                timestamp: now,
            },
        })
    }

    /// The driver's `oracle.set_price` (the model's `set_oracle_price`): `asset`'s price from now
    /// on (7 decimals, any i128) and its timestamp (seconds), or none for a live feed. No
    /// authorisation: a test contract only the driver calls.
    pub fn set_price(e: Env, asset: Address, price: i128, timestamp: Option<u64>) {
        e.storage()
            .instance()
            .set(&Asset::Stellar(asset), &StoredPrice { price, timestamp });
    }
}
