// An independent checker of the evidence log, on Go's reference code for signed notes and
// transparency-log tiles and proofs (golang.org/x/mod/sumdb/note and sumdb/tlog, Debian's
// golang-golang-x-mod-dev). Built offline by test/evidence-log.e2e-spec.ts:
//
//	GOPATH=/usr/share/gocode GO111MODULE=off go build -o chk .
//
// Usage: chk <base URL of the service> < input.json. Prints one line per check; exits 1 on the
// first failure.
package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type input struct {
	VerifierKey string
	Checkpoint  string
	Leaves      []struct {
		Index int64
		Data  []byte
	}
	Inclusion []struct {
		Index, TreeSize int64
		LeafHash        []byte
		Proof           [][]byte
	}
	Consistency []struct {
		From, To int64
		FromRoot []byte
		Proof    [][]byte
	}
}

// tiles fetches C2SP tlog-tiles paths: Go's tile path without its "tile/8/" height segment.
type tiles struct{ base string }

func (t tiles) Height() int { return 8 }

func (t tiles) ReadTiles(ts []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(ts))
	for i, tl := range ts {
		p := strings.TrimPrefix(tl.Path(), "tile/8/")
		res, err := http.Get(t.base + "/log/tile/" + p)
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			return nil, err
		}
		if res.StatusCode != 200 {
			return nil, fmt.Errorf("GET tile %s: %d", p, res.StatusCode)
		}
		out[i] = b
	}
	return out, nil
}

func (t tiles) SaveTiles([]tlog.Tile, [][]byte) {}

func hashOf(b []byte) tlog.Hash {
	var h tlog.Hash
	if len(b) != len(h) {
		fail("hash of %d bytes", len(b))
	}
	copy(h[:], b)
	return h
}

func fail(f string, a ...any) {
	fmt.Printf("FAIL "+f+"\n", a...)
	os.Exit(1)
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fail("input: %v", err)
	}
	v, err := note.NewVerifier(in.VerifierKey)
	if err != nil {
		fail("verifier key: %v", err)
	}
	n, err := note.Open([]byte(in.Checkpoint), note.VerifierList(v))
	if err != nil {
		fail("checkpoint signature: %v", err)
	}
	fmt.Printf("ok checkpoint signed by %s\n", v.Name())
	// C2SP tlog-checkpoint body, parsed by hand (tlog.ParseTree wants Go's own header line).
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || lines[0] != v.Name() {
		fail("checkpoint body %q", n.Text)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		fail("size: %v", err)
	}
	rootBytes, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil {
		fail("root: %v", err)
	}
	tree := tlog.Tree{N: size, Hash: hashOf(rootBytes)}
	// TileHashReader checks every tile it reads against the checkpoint's root.
	hr := tlog.TileHashReader(tree, tiles{os.Args[1]})
	th, err := tlog.TreeHash(size, hr)
	if err != nil || th != tree.Hash {
		fail("tree hash from tiles: %v", err)
	}
	fmt.Printf("ok tiles hash to the checkpoint root at size %d\n", size)
	for _, l := range in.Leaves {
		hs, err := hr.ReadHashes([]int64{tlog.StoredHashIndex(0, l.Index)})
		if err != nil {
			fail("leaf %d: %v", l.Index, err)
		}
		if tlog.RecordHash(l.Data) != hs[0] {
			fail("leaf %d: SHA-256(0x00 || data) differs from the tile", l.Index)
		}
		fmt.Printf("ok leaf %d hash\n", l.Index)
	}
	for _, p := range in.Inclusion {
		root, err := tlog.TreeHash(p.TreeSize, hr)
		if err != nil {
			fail("tree hash %d: %v", p.TreeSize, err)
		}
		proof := make(tlog.RecordProof, len(p.Proof))
		for i, h := range p.Proof {
			proof[i] = hashOf(h)
		}
		if err := tlog.CheckRecord(proof, p.TreeSize, root, p.Index, hashOf(p.LeafHash)); err != nil {
			fail("inclusion %d in %d: %v", p.Index, p.TreeSize, err)
		}
		own, err := tlog.ProveRecord(p.TreeSize, p.Index, hr)
		if err != nil || len(own) != len(proof) {
			fail("ProveRecord %d in %d: %v", p.Index, p.TreeSize, err)
		}
		for i := range own {
			if own[i] != proof[i] {
				fail("inclusion %d in %d: hash %d differs from Go's proof", p.Index, p.TreeSize, i)
			}
		}
		fmt.Printf("ok inclusion %d in %d\n", p.Index, p.TreeSize)
	}
	for _, c := range in.Consistency {
		to, err := tlog.TreeHash(c.To, hr)
		if err != nil {
			fail("tree hash %d: %v", c.To, err)
		}
		proof := make(tlog.TreeProof, len(c.Proof))
		for i, h := range c.Proof {
			proof[i] = hashOf(h)
		}
		if err := tlog.CheckTree(proof, c.To, to, c.From, hashOf(c.FromRoot)); err != nil {
			fail("consistency %d -> %d: %v", c.From, c.To, err)
		}
		fmt.Printf("ok consistency %d -> %d\n", c.From, c.To)
	}
}
