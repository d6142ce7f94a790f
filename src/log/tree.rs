//! The log's Merkle tree and its tiles, after C2SP tlog-tiles.
//!
//! The tree's hashes are kept in memory in tlog's "stored hash" order
//! (every leaf hash and every completed subtree's hash, in the order a log
//! writes them): a log of a million entries is 64 MB of hashes, and a
//! township's is a few thousand. All the Merkle arithmetic (leaf and node
//! hashes, which hashes a new leaf completes, tree hashes, tiles) is
//! `tlog_tiles`', the port of Go's `golang.org/x/mod/sumdb/tlog`.
//!
//! Tiles have height 8 (256 hashes) and live at the C2SP paths:
//! `tile/<L>/<N>[.p/<W>]` for hashes and `tile/entries/<N>[.p/<W>]` for
//! entry bundles, `<N>` written in groups of three digits (`x001/234`).

use tlog_tiles::{Hash, HashReader, Tile, stored_hash_count, stored_hashes, tree_hash};

/// Height of every tile, fixed by C2SP tlog-tiles.
pub(crate) const TILE_HEIGHT: u8 = 8;

/// Entries (or hashes) in a full tile.
pub(crate) const TILE_WIDTH: u64 = 1 << TILE_HEIGHT;

/// The hashes of a log's tree, for its first `size` entries.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tree {
    stored: Vec<Hash>,
    size: u64,
}

impl HashReader for Tree {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, tlog_tiles::Error> {
        indexes
            .iter()
            .map(|&i| {
                usize::try_from(i)
                    .ok()
                    .and_then(|i| self.stored.get(i))
                    .copied()
                    .ok_or(tlog_tiles::Error::IndexesNotInTree)
            })
            .collect()
    }
}

impl Tree {
    /// How many entries the tree holds.
    pub(crate) fn size(&self) -> u64 {
        self.size
    }

    /// Adds the entry `data` as the next leaf.
    pub(crate) fn push(&mut self, data: &[u8]) {
        let hashes = stored_hashes(self.size, data, self).expect("the tree holds every hash");
        self.stored.extend(hashes);
        self.size += 1;
        debug_assert_eq!(self.stored.len() as u64, stored_hash_count(self.size));
    }

    /// The root hash of the tree of the first `size` entries.
    pub(crate) fn hash_at(&self, size: u64) -> Hash {
        assert!(size <= self.size, "a tree hash beyond the tree");
        tree_hash(size, self).expect("the tree holds every hash")
    }

    /// The root hash of the whole tree.
    pub(crate) fn hash(&self) -> Hash {
        self.hash_at(self.size)
    }

    /// Every hash tile of the tree as it stands, with its path and bytes:
    /// the full tiles, and the partial tile at the right edge of each level.
    pub(crate) fn tiles(&self) -> Vec<(String, Vec<u8>)> {
        Tile::new_tiles(TILE_HEIGHT, 0, self.size)
            .into_iter()
            .map(|tile| {
                let data = tile.read_data(self).expect("the tree holds every hash");
                (tile_path(&tile), data)
            })
            .collect()
    }
}

/// The paths of every hash tile of a tree of `size` entries, as
/// [`Tree::tiles`] names them.
pub(crate) fn tile_paths(size: u64) -> impl Iterator<Item = String> {
    Tile::new_tiles(TILE_HEIGHT, 0, size)
        .into_iter()
        .map(|tile| tile_path(&tile))
}

/// The C2SP path of a tile: Go's tlog writes the height into the path
/// (`tile/8/0/001`), C2SP fixes it at 8 and leaves it out, and calls data
/// tiles entry bundles (`tile/entries/001`).
pub(crate) fn tile_path(tile: &Tile) -> String {
    let go = tile.path();
    let rest = go
        .strip_prefix("tile/8/")
        .expect("tiles of height 8 have paths under tile/8/");
    match rest.strip_prefix("data/") {
        Some(n) => format!("tile/entries/{n}"),
        None => format!("tile/{rest}"),
    }
}

/// The path of entry bundle `index` holding `count` entries (256 for a full
/// bundle).
pub(crate) fn bundle_path(index: u64, count: u64) -> String {
    let width = u32::try_from(count).expect("a bundle holds at most 256 entries");
    tile_path(&Tile::new(TILE_HEIGHT, 0, index, width, true))
}

/// The entry bundles of a log of `size` entries: for each, its index, the
/// range of entries it holds and its path.
pub(crate) fn bundles(size: u64) -> Vec<(u64, std::ops::Range<u64>, String)> {
    (0..size.div_ceil(TILE_WIDTH))
        .map(|index| {
            let start = index * TILE_WIDTH;
            let end = (start + TILE_WIDTH).min(size);
            (index, start..end, bundle_path(index, end - start))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tlog_tiles::{EMPTY_HASH, node_hash, record_hash};

    fn tree(n: u64) -> Tree {
        let mut t = Tree::default();
        for i in 0..n {
            t.push(format!("entry {i}").as_bytes());
        }
        t
    }

    #[test]
    fn the_root_is_rfc6962s() {
        assert_eq!(tree(0).hash(), EMPTY_HASH);
        let [a, b, c] = [0, 1, 2].map(|i| record_hash(format!("entry {i}").as_bytes()));
        assert_eq!(tree(1).hash(), a);
        assert_eq!(tree(2).hash(), node_hash(a, b));
        assert_eq!(tree(3).hash(), node_hash(node_hash(a, b), c));
        assert_eq!(tree(3).hash_at(2), node_hash(a, b));
    }

    #[test]
    fn tile_paths_follow_c2sp() {
        assert_eq!(bundle_path(0, 256), "tile/entries/000");
        assert_eq!(bundle_path(1234, 3), "tile/entries/x001/234.p/3");
        let paths: Vec<String> = tree(300).tiles().into_iter().map(|(p, _)| p).collect();
        assert_eq!(paths, ["tile/0/000", "tile/0/001.p/44", "tile/1/000.p/1"]);
    }

    #[test]
    fn tiles_hold_the_hashes_of_their_level() {
        let t = tree(300);
        let tiles = t.tiles();
        assert_eq!(tiles[0].1.len(), 256 * 32);
        assert_eq!(tiles[1].1.len(), 44 * 32);
        assert_eq!(&tiles[0].1[..32], &record_hash(b"entry 0").0);
        // Level 1 holds the root of the first 256 leaves.
        assert_eq!(tiles[2].1, t.hash_at(256).0.to_vec());
    }

    #[test]
    fn bundles_cover_the_log() {
        let b = bundles(513);
        assert_eq!(b.len(), 3);
        assert_eq!(b[2], (2, 512..513, "tile/entries/002.p/1".to_string()));
        assert!(bundles(0).is_empty());
        assert_eq!(bundles(256)[0].2, "tile/entries/000");
    }
}
