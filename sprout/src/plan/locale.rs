//! The locale of realistic values, a plan option.

use serde::{Deserialize, Serialize};

/// The language and country of realistic values (names, addresses, phones, companies).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Locale {
    /// English (the default).
    #[default]
    En,
    /// French (France).
    FrFr,
    /// German (Germany).
    DeDe,
    /// Italian (Italy).
    ItIt,
    /// Dutch (Netherlands).
    NlNl,
    /// Portuguese (Brazil).
    PtBr,
    /// Japanese (Japan).
    JaJp,
    /// Chinese (China).
    ZhCn,
}

impl std::str::FromStr for Locale {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().replace('-', "_").as_str() {
            "en" | "en_us" => Ok(Locale::En),
            "fr" | "fr_fr" => Ok(Locale::FrFr),
            "de" | "de_de" => Ok(Locale::DeDe),
            "it" | "it_it" => Ok(Locale::ItIt),
            "nl" | "nl_nl" => Ok(Locale::NlNl),
            "pt_br" => Ok(Locale::PtBr),
            "ja" | "ja_jp" => Ok(Locale::JaJp),
            "zh_cn" => Ok(Locale::ZhCn),
            other => Err(format!(
                "unknown locale `{other}`: use en, fr_fr, de_de, it_it, nl_nl, pt_br, ja_jp or zh_cn"
            )),
        }
    }
}
