//! Storage keys and records of the deployed contracts, declared here only to read their storage
//! (`Env::as_contract` + `storage().persistent().get`). A `#[contracttype]` enum encodes as
//! `[Symbol(variant), payload]` and a struct as a map keyed by its field names, so these
//! declarations read the same ledger entries as the contracts' own types: only the names and field
//! types have to agree (backstop/src/storage.rs, pool/src/storage.rs, emitter/src/storage.rs).

use soroban_sdk::{contracttype, Address, Vec};

// ---------------------------------------------------------------- backstop

#[contracttype]
#[derive(Clone, Debug)]
pub struct PoolUserKey {
    pub pool: Address,
    pub user: Address,
}

/// Only the variants the driver reads.
#[contracttype]
#[derive(Clone, Debug)]
pub enum BackstopDataKey {
    UserBalance(PoolUserKey),
    PoolBalance(Address),
    RzEmis(Address),
    BEmisData(Address),
    UEmisData(PoolUserKey),
}

#[contracttype]
#[derive(Clone, Debug)]
pub struct BsPoolBalance {
    pub shares: i128,
    pub tokens: i128,
    pub q4w: i128,
}

#[contracttype]
#[derive(Clone, Debug)]
pub struct BsQ4W {
    pub amount: i128,
    pub exp: u64,
}

#[contracttype]
#[derive(Clone, Debug)]
pub struct BsUserBalance {
    pub shares: i128,
    pub q4w: Vec<BsQ4W>,
}

#[contracttype]
#[derive(Clone, Debug)]
pub struct BsRzEmissions {
    pub accrued: i128,
    pub last_time: u64,
}

#[contracttype]
#[derive(Clone, Debug)]
pub struct BsEmissionData {
    pub expiration: u64,
    pub eps: u64,
    pub index: i128,
    pub last_time: u64,
}

#[contracttype]
#[derive(Clone, Debug)]
pub struct EmisUserData {
    pub index: i128,
    pub accrued: i128,
}

/// v1 backstop `["BEmisCfg", pool]` (blend-contracts backstop/src/storage.rs BackstopEmissionConfig).
#[contracttype]
#[derive(Clone, Debug)]
pub struct V1EmisConfig {
    pub expiration: u64,
    pub eps: u64,
}

/// v1 backstop `["BEmisData", pool]` (BackstopEmissionsData).
#[contracttype]
#[derive(Clone, Debug)]
pub struct V1EmisData {
    pub index: i128,
    pub last_time: u64,
}

// ---------------------------------------------------------------- emitter

#[contracttype]
#[derive(Clone, Debug)]
pub enum EmitterDataKey {
    LastDistro(Address),
    Dropped(Address),
}

// ---------------------------------------------------------------- pool

#[contracttype]
#[derive(Clone, Debug)]
pub struct UserReserveKey {
    pub user: Address,
    pub reserve_id: u32,
}

#[contracttype]
#[derive(Clone, Debug)]
pub enum PoolDataKey {
    ResData(Address),
    EmisData(u32),
    Positions(Address),
    UserEmis(UserReserveKey),
}

#[contracttype]
#[derive(Clone, Debug)]
pub struct PlReserveEmissionData {
    pub expiration: u64,
    pub eps: u64,
    pub index: i128,
    pub last_time: u64,
}

#[contracttype]
#[derive(Clone, Debug)]
pub struct PlReserveData {
    pub d_rate: i128,
    pub b_rate: i128,
    pub ir_mod: i128,
    pub b_supply: i128,
    pub d_supply: i128,
    pub backstop_credit: i128,
    pub last_time: u64,
}

#[contracttype]
#[derive(Clone, Debug)]
pub struct PlPositions {
    pub liabilities: soroban_sdk::Map<u32, i128>,
    pub collateral: soroban_sdk::Map<u32, i128>,
    pub supply: soroban_sdk::Map<u32, i128>,
}

// ---------------------------------------------------------------- Stellar Asset Contract (BLND, USDC, reserve assets)
// soroban-env-host builtin_contracts/stellar_asset_contract/storage_types.rs

#[contracttype]
#[derive(Clone, Debug)]
pub struct SacAllowanceKey {
    pub from: Address,
    pub spender: Address,
}

#[contracttype]
#[derive(Clone, Debug)]
pub enum SacKey {
    Allowance(SacAllowanceKey),
    Balance(Address),
}

#[contracttype]
#[derive(Clone, Debug)]
pub struct SacAllowance {
    pub amount: i128,
    pub live_until_ledger: u32,
}

#[contracttype]
#[derive(Clone, Debug)]
pub struct SacBalance {
    pub amount: i128,
    pub authorized: bool,
    pub clawback: bool,
}

// ---------------------------------------------------------------- Comet (comet-contracts-v1 c_pool/storage_types.rs)

#[contracttype]
#[derive(Clone, Debug)]
pub enum CometKey {
    AllRecordData,
    TotalShares,
    /// instance storage: the swap fee (i128, 7 decimals)
    SwapFee,
}

#[contracttype]
#[derive(Clone, Debug)]
pub enum CometTokenKey {
    Balance(Address),
}

#[contracttype]
#[derive(Clone, Debug)]
pub struct CometRecord {
    pub balance: i128,
    pub weight: i128,
    pub scalar: i128,
    pub index: u32,
}
