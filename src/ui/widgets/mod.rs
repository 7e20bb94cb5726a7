//! Widgets the screens share: the map, the stance table, gauges, the news
//! log, sparklines, key hints.

pub mod map;
