//! Logical names (`backstop`, `P0`, `U3`, a snapshot's strkeys) and the addresses they stand for,
//! with what kind of contract each address is (to name the contract an error came from). Shared by
//! the world, its genesis and the error classification; depends on no other module of the driver.

use std::collections::HashMap;

use soroban_sdk::{
    xdr::{ScAddress, ScVal},
    Address, Env, TryFromVal,
};

/// What a contract address is, for naming the contract an error came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Backstop,
    Emitter,
    Pool,
    PoolFactory,
    Comet,
    Token,
    Oracle,
    Actor,
}

/// Logical names <-> addresses. Addresses are keyed by their strkey (`Debug` form).
#[derive(Default, Clone)]
pub struct Names {
    by_name: HashMap<String, Address>,
    by_key: HashMap<String, (String, Kind)>,
}

pub fn addr_key(a: &Address) -> String {
    format!("{:?}", a)
}

impl Names {
    pub fn bind(&mut self, name: &str, addr: &Address, kind: Kind) {
        self.by_name.insert(name.to_string(), addr.clone());
        self.by_key.entry(addr_key(addr)).or_insert_with(|| (name.to_string(), kind));
    }
    /// How many names are bound (names are only ever added while a world runs).
    pub fn len(&self) -> usize {
        self.by_name.len()
    }
    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }
    /// The same names, their addresses made in `env` (an address is a handle of one host).
    pub fn moved_to(&self, env: &Env) -> Names {
        Names {
            by_name: self
                .by_name
                .iter()
                .map(|(n, a)| {
                    let sc = ScVal::Address(ScAddress::from(a));
                    (
                        n.clone(),
                        Address::try_from_val(env, &sc).expect("an address is an address in any env"),
                    )
                })
                .collect(),
            by_key: self.by_key.clone(),
        }
    }
    pub fn get(&self, name: &str) -> Option<&Address> {
        self.by_name.get(name)
    }
    /// The name an address was bound to; an unbound address by its strkey.
    pub fn name_of(&self, a: &Address) -> String {
        match self.by_key.get(&addr_key(a)) {
            Some((n, _)) => n.clone(),
            None => ScAddress::from(a).to_string(),
        }
    }
    pub fn kind_of_key(&self, key: &str) -> Option<Kind> {
        self.by_key.get(key).map(|(_, k)| *k)
    }
    pub fn actors(&self) -> std::vec::Vec<(String, Address)> {
        let mut out: std::vec::Vec<(String, Address)> = self
            .by_name
            .iter()
            .filter(|(n, a)| {
                self.by_key
                    .get(&addr_key(a))
                    .map(|(bound, k)| *k == Kind::Actor && bound == *n)
                    .unwrap_or(false)
            })
            .map(|(n, a)| (n.clone(), a.clone()))
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }
}

/// The address a strkey names, if it is one (`G...` account or `C...` contract).
pub fn address_of_strkey(env: &Env, s: &str) -> Option<Address> {
    let sc: ScAddress = s.parse().ok()?;
    match sc {
        ScAddress::Account(_) | ScAddress::Contract(_) => {}
        _ => return None,
    }
    Address::try_from_val(env, &ScVal::Address(sc)).ok()
}
