//! The error codes the protocol reports, by name: the contract named in `{contract, code}`, each
//! contract's own error enum (mirroring spec/errors.ts, whose sources are backstop/src/errors.rs
//! and pool/src/errors.rs of blend-contracts-v2, emitter/src/errors.rs of blend-contracts, the
//! Comet's c_pool/error.rs and soroban-env-host's token `ContractError`), and the host's error
//! codes (`ScErrorCode`) the driver reports as `WasmVm`. Depends on no other module of the driver.

use std::fmt;
use std::ops::RangeInclusive;

/// The contract an error is reported against (`error.contract` in docs/protocol.schema.json).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Contract {
    Backstop,
    Emitter,
    Pool,
    Comet,
    Token,
    /// A host error that is no contract's: a panic, an authorization failure, a missing entry.
    WasmVm,
}

impl Contract {
    pub fn name(self) -> &'static str {
        match self {
            Contract::Backstop => "Backstop",
            Contract::Emitter => "Emitter",
            Contract::Pool => "Pool",
            Contract::Comet => "Comet",
            Contract::Token => "Token",
            Contract::WasmVm => "WasmVm",
        }
    }
}

impl fmt::Display for Contract {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The codes each Blend contract keeps for its own errors: a contract error whose raiser the
/// diagnostic events do not name is attributed by its range.
pub const BACKSTOP_RANGE: RangeInclusive<u32> = 1000..=1099;
pub const EMITTER_RANGE: RangeInclusive<u32> = 1100..=1199;
pub const POOL_RANGE: RangeInclusive<u32> = 1200..=1299;

/// backstop/src/errors.rs `BackstopError` (v2; v1 shares the codes below 1008).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum BackstopError {
    InternalError = 1,
    AlreadyInitializedError = 3,
    UnauthorizedError = 4,
    NegativeAmountError = 8,
    BalanceError = 10,
    OverflowError = 12,
    BadRequest = 1000,
    NotExpired = 1001,
    InvalidRewardZoneEntry = 1002,
    InsufficientFunds = 1003,
    NotPool = 1004,
    InvalidShareMintAmount = 1005,
    InvalidTokenWithdrawAmount = 1006,
    TooManyQ4WEntries = 1007,
    NotInRewardZone = 1008,
    RewardZoneFull = 1009,
    MaxBackfillEmissions = 1010,
    BadDebtExists = 1011,
}

/// emitter/src/errors.rs `EmitterError` (blend-contracts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum EmitterError {
    InternalError = 1,
    AlreadyInitializedError = 3,
    UnauthorizedError = 4,
    InsufficientBackstopSize = 1100,
    BadDrop = 1101,
    SwapNotQueued = 1102,
    SwapAlreadyExists = 1103,
    SwapNotUnlocked = 1104,
    SwapCannotBeCanceled = 1105,
}

/// pool/src/errors.rs `PoolError` (v2): the codes an emission action or a pool request can raise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum PoolError {
    InternalError = 1,
    NegativeAmountError = 8,
    BalanceError = 10,
    BadRequest = 1200,
    InvalidPoolConfigArgs = 1201,
    InvalidReserveMetadata = 1202,
    InvalidHf = 1205,
    InvalidPoolStatus = 1206,
    InvalidUtilRate = 1207,
    MaxPositionsExceeded = 1208,
    InvalidBTokenMintAmount = 1216,
    InvalidBTokenBurnAmount = 1217,
    InvalidDTokenMintAmount = 1218,
    InvalidDTokenBurnAmount = 1219,
    ExceededSupplyCap = 1220,
    ReserveDisabled = 1223,
    MinCollateralNotMet = 1224,
}

/// The Comet LP's errors (comet-contracts-v1 c_pool/error.rs `Error`) a single-sided deposit raises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum CometError {
    ErrNegative = 2,
    ErrMaxInRatio = 17,
    ErrMathApprox = 18,
    ErrLimitOut = 20,
    ErrInsufficientBalance = 29,
    ErrSubUnderflow = 31,
    ErrCPowBaseTooLow = 34,
    ErrCPowBaseTooHigh = 35,
    ErrNegativeOrZero = 37,
}

/// A Stellar Asset Contract's errors (soroban-env-host `ContractError`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum TokenError {
    AllowanceError = 9,
    BalanceError = 10,
}

/// The host's error codes (`ScErrorCode`) the driver reports as `WasmVm`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum HostCode {
    /// A value that cannot be passed to the contract (a share that is not a u64).
    InvalidInput = 2,
    /// A read of, or a TTL extension on, a storage entry that does not exist.
    MissingValue = 3,
    /// A panic in a contract, an authorization failure, an overflow in the driver's own arithmetic.
    InvalidAction = 6,
    /// A top-level call past the driver's CPU limit (`Error(Budget, ExceededLimit)`, world.rs `CALL_CPU_INSNS_LIMIT`).
    ExceededLimit = 5,
    /// A return value the driver cannot convert.
    UnexpectedType = 8,
}

macro_rules! code {
    ($($t:ty),*) => {$(
        impl $t {
            /// The code as the host reports it (`Error(Contract, #code)` or `Error(_, code)`).
            pub const fn code(self) -> u32 {
                self as u32
            }
        }
    )*};
}
code!(BackstopError, EmitterError, PoolError, CometError, TokenError, HostCode);
