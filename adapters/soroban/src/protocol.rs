//! The check protocol's wire format (docs/protocol.schema.json): one JSON request per stdin line,
//! one JSON reply per stdout line. Amounts are decimal strings, addresses logical names.

use serde_json::{json, Map, Value};

pub const PROTOCOL_VERSION: u64 = 1;

/// The entry points this driver answers (besides handshake, init and state). The backstop-wide
/// `backstop.gulp_emissions()` is the v1 flow: the v2 backstop's `gulp_emissions(pool)` is called
/// by the pool itself (`pool.gulp_emissions`), so it is not announced.
pub const ACTIONS: &[&str] = &[
    "advance_time",
    "comet.set_composition",
    "emitter.distribute",
    "emitter.queue_swap_backstop",
    "emitter.cancel_swap_backstop",
    "emitter.swap_backstop",
    "backstop.distribute",
    "backstop.add_reward",
    "backstop.remove_reward",
    "backstop.deposit",
    "backstop.queue_withdrawal",
    "backstop.dequeue_withdrawal",
    "backstop.withdraw",
    "backstop.claim",
    "backstop.drop",
    "pool.set_emissions_config",
    "pool.supply",
    "pool.withdraw",
    "pool.borrow",
    "pool.repay",
    "pool.gulp_emissions",
    "pool.claim",
];

/// The entry points in a snapshot world (profile blend-v1: the snapshot's v1 contracts, and the
/// migration's v2 backstop and pool): every one, `backstop.gulp_emissions` included (the v1
/// backstop-wide gulp).
pub const V1_ACTIONS: &[&str] = &[
    "advance_time",
    "comet.set_composition",
    "emitter.distribute",
    "emitter.queue_swap_backstop",
    "emitter.cancel_swap_backstop",
    "emitter.swap_backstop",
    "backstop.distribute",
    "backstop.gulp_emissions",
    "backstop.add_reward",
    "backstop.remove_reward",
    "backstop.deposit",
    "backstop.queue_withdrawal",
    "backstop.dequeue_withdrawal",
    "backstop.withdraw",
    "backstop.claim",
    "backstop.drop",
    "pool.set_emissions_config",
    "pool.supply",
    "pool.withdraw",
    "pool.borrow",
    "pool.repay",
    "pool.gulp_emissions",
    "pool.claim",
];

/// A request that breaks the protocol: a fault of the harness (one line on stderr, exit 2).
#[derive(Debug)]
pub struct BadRequest(pub String);

pub type Res<T> = Result<T, BadRequest>;

pub fn bad<T>(msg: impl Into<String>) -> Res<T> {
    Err(BadRequest(msg.into()))
}

/// A rejected call as the protocol reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallError {
    pub contract: &'static str,
    pub code: u32,
}

pub struct Request {
    pub id: u64,
    pub action: String,
    pub args: Map<String, Value>,
}

pub fn parse_request(line: &str) -> Res<Request> {
    let v: Value = serde_json::from_str(line).map_err(|_| BadRequest(format!("not JSON: {}", clip(line))))?;
    let o = v.as_object().ok_or_else(|| BadRequest(format!("not an object: {}", clip(line))))?;
    let id = o
        .get("id")
        .and_then(Value::as_u64)
        .ok_or_else(|| BadRequest(format!("no id: {}", clip(line))))?;
    let action = o
        .get("action")
        .and_then(Value::as_str)
        .ok_or_else(|| BadRequest(format!("no action: {}", clip(line))))?;
    let args = o
        .get("args")
        .and_then(Value::as_object)
        .ok_or_else(|| BadRequest(format!("no args: {}", clip(line))))?;
    Ok(Request {
        id,
        action: action.to_string(),
        args: args.clone(),
    })
}

fn clip(s: &str) -> String {
    s.chars().take(80).collect()
}

pub fn ok_reply(id: u64, result: Value) -> String {
    json!({ "id": id, "ok": true, "result": result }).to_string()
}

pub fn err_reply(id: u64, e: &CallError) -> String {
    json!({ "id": id, "ok": false, "error": { "contract": e.contract, "code": e.code } }).to_string()
}

/// Typed access to a request's `args`.
pub struct Args<'a> {
    pub action: &'a str,
    pub map: &'a Map<String, Value>,
}

impl<'a> Args<'a> {
    fn get(&self, k: &str) -> Res<&'a Value> {
        self.map
            .get(k)
            .ok_or_else(|| BadRequest(format!("{}: missing argument {}", self.action, k)))
    }

    pub fn str(&self, k: &str) -> Res<&'a str> {
        self.get(k)?
            .as_str()
            .ok_or_else(|| BadRequest(format!("{}: {} is not a string", self.action, k)))
    }

    pub fn opt_str(&self, k: &str) -> Res<Option<&'a str>> {
        match self.map.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v
                .as_str()
                .map(Some)
                .ok_or_else(|| BadRequest(format!("{}: {} is not a string or null", self.action, k))),
        }
    }

    pub fn i128(&self, k: &str) -> Res<i128> {
        let s = self.str(k)?;
        s.parse::<i128>()
            .map_err(|_| BadRequest(format!("{}: {} = {} is not an i128", self.action, k, s)))
    }

    pub fn u64_str(&self, k: &str) -> Res<u64> {
        let s = self.str(k)?;
        s.parse::<u64>()
            .map_err(|_| BadRequest(format!("{}: {} = {} is not a u64", self.action, k, s)))
    }

    pub fn u32(&self, k: &str) -> Res<u32> {
        self.get(k)?
            .as_u64()
            .and_then(|x| u32::try_from(x).ok())
            .ok_or_else(|| BadRequest(format!("{}: {} is not a u32", self.action, k)))
    }

    pub fn u32_list(&self, k: &str) -> Res<std::vec::Vec<u32>> {
        let a = self
            .get(k)?
            .as_array()
            .ok_or_else(|| BadRequest(format!("{}: {} is not an array", self.action, k)))?;
        a.iter()
            .map(|x| {
                x.as_u64()
                    .and_then(|x| u32::try_from(x).ok())
                    .ok_or_else(|| BadRequest(format!("{}: {} has a non-u32 item", self.action, k)))
            })
            .collect()
    }

    pub fn str_list(&self, k: &str) -> Res<std::vec::Vec<&'a str>> {
        let a = self
            .get(k)?
            .as_array()
            .ok_or_else(|| BadRequest(format!("{}: {} is not an array", self.action, k)))?;
        a.iter()
            .map(|x| {
                x.as_str()
                    .ok_or_else(|| BadRequest(format!("{}: {} has a non-string item", self.action, k)))
            })
            .collect()
    }

    pub fn array(&self, k: &str) -> Res<&'a std::vec::Vec<Value>> {
        self.get(k)?
            .as_array()
            .ok_or_else(|| BadRequest(format!("{}: {} is not an array", self.action, k)))
    }

    pub fn object(&self, k: &str) -> Res<&'a Map<String, Value>> {
        self.get(k)?
            .as_object()
            .ok_or_else(|| BadRequest(format!("{}: {} is not an object", self.action, k)))
    }
}
