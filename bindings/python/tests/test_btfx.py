# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""The btfx package's suite: python3 -m unittest discover -s bindings/python/tests

Environment: BTFX_LIBRARY (the libbtfx.so.0 to test, else the usual search),
BTFX_EVERY_KIND (every_kind, the C builder of the same object as
EveryKind.build; the byte-for-byte test skips without it), BTFX_CLI (the
btfx program, for the vmlinux count; skips without it).
"""

import gc
import gzip
import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import btfx  # noqa: E402
from btfx import Kind  # noqa: E402

VMLINUX = "/sys/kernel/btf/vmlinux"
DATA = os.environ.get("BTFX_TEST_DATA") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests", "data")


def build_every_kind(b: btfx.Btf) -> None:
    """The calls of every_kind.c, through the bindings."""
    i = b.add_int("int", 4, signed=True)
    p = b.add_ptr(None)
    s = b.add_struct("s", 16)
    b.add_array(i, i, 4)
    b.add_struct("pair", 16, [("a", i, 0), ("b", i, 32), ("c", i, 64, 3), (None, 7, 96)])
    b.add_union(None, 4, [("x", i, 0), ("y", 9, 0)])
    b.add_enum("e", [("A", 0), ("B", -1)])
    b.add_fwd("fs", "struct")
    b.add_typedef("u32_t", i)
    vol = b.add_volatile(i)
    b.add_const(vol)
    b.add_restrict(p)
    proto = b.add_func_proto(i, [("x", i), ("s", s), (None, None)])
    f = b.add_func("f", proto, "global")
    b.add_float("double", 8)
    b.add_type_tag("user", i)
    b.add_enum64("e64", [("BIG", 0xffffffff00000001), ("ONE", 1)])
    v = b.add_var("v", i, "global")
    w = b.add_var("w", 9, "static")
    b.add_datasec(".data", [(w, 4, 4), (v, 0, 4)])
    b.add_decl_tag("tag", 5, 1)
    b.add_decl_tag("noinline", f, attr=True)
    b.add_type_tag("address_space(1)", p, attr=True)
    b.add_int("u3", 1, bits=3, bit_offset=2)
    b.add_fwd("fu", "union")
    b.add_fwd("fe", "enum")


def every_kind() -> btfx.Btf:
    b = btfx.Btf()
    build_every_kind(b)
    return b


class EveryKind(unittest.TestCase):
    def test_same_bytes_as_c(self):
        prog = os.environ.get("BTFX_EVERY_KIND")
        if not prog:
            self.skipTest("BTFX_EVERY_KIND (the C helper every_kind) not set")
        c_blob = subprocess.run([prog], check=True, stdout=subprocess.PIPE).stdout
        with every_kind() as b:
            self.assertEqual(bytes(b), c_blob)

    def test_deterministic(self):
        with every_kind() as a, every_kind() as b:
            self.assertEqual(bytes(a), bytes(b))

    def test_every_kind_present(self):
        with every_kind() as b:
            kinds = {t.kind for t in b.types()}
            self.assertEqual(kinds, set(Kind) - {Kind.UNKN})

    def test_read_back(self):
        with every_kind() as b:
            self.assertEqual(len(b), 27)
            self.assertEqual(b[0].kind, Kind.UNKN)
            i = b.find("int")
            self.assertEqual((i.id, i.kind, i.name, i.size, i.bits, i.encoding), (1, Kind.INT,
                             "int", 4, 32, 1))
            pair = b.find("pair", "struct")
            self.assertEqual(pair.members, (("a", 1, 0, 0), ("b", 1, 32, 0), ("c", 1, 64, 3),
                                            ("", 7, 96, 0)))
            self.assertEqual(b.find("e").values, (("A", 0), ("B", -1)))
            self.assertEqual(b.find("e64", Kind.ENUM64).values,
                             (("BIG", 0xffffffff00000001), ("ONE", 1)))
            self.assertEqual(b[13].params, (("x", 1), ("s", 3), ("", 0)))
            self.assertEqual(b[13].type, 1)
            self.assertEqual(b.find(".data").vars, ((18, 0, 4), (19, 4, 4)))
            self.assertEqual(b.find("v").linkage, "global")
            self.assertEqual(b.find("f").linkage, "global")
            self.assertEqual(b[4].type, 1)
            self.assertEqual((b[4].index_type, b[4].nelems), (1, 4))
            self.assertEqual(b[21].component_idx, 1)
            self.assertEqual(b.find("fu").fwd_kind, "union")
            self.assertIsNone(b.find("nothing"))
            self.assertEqual(repr(pair), "[5] STRUCT 'pair' size=16 vlen=4")
            self.assertEqual(b.resolve_size(4), 16)
            self.assertEqual([t.id for t in b], list(range(27)))
            self.assertEqual(b[-1].id, 26)
            self.assertEqual([t.id for t in b[1:3]], [1, 2])
            self.assertTrue(b.dump().startswith("[1] INT 'int' size=4"))
            self.assertEqual(b.stats()["types"]["count"], 26)
            with self.assertRaises(IndexError):
                b[27]


class RoundTrip(unittest.TestCase):
    def setUp(self):
        self.b = every_kind()
        self.blob = bytes(self.b)
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.b.close()
        self.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def test_bytes(self):
        with btfx.load(self.blob) as c:
            self.assertEqual(bytes(c), self.blob)
            self.assertEqual(c.dump(), self.b.dump())

    def test_file(self):
        self.b.write(self.path("a.btf"))
        with open(self.path("a.btf"), "rb") as f:
            self.assertEqual(f.read(), self.blob)
        with btfx.load(self.path("a.btf")) as c:
            self.assertEqual(bytes(c), self.blob)

    def test_gzip(self):
        self.b.write(self.path("a.btf.gz"), gzip=True)
        with gzip.open(self.path("a.btf.gz"), "rb") as f:
            self.assertEqual(f.read(), self.blob)
        with btfx.load(self.path("a.btf.gz")) as c:
            self.assertEqual(bytes(c), self.blob)

    def test_big_endian(self):
        self.b.write(self.path("be.btf.gz"), endian="big", gzip=True)
        be = self.b.to_bytes(endian="big")
        self.assertEqual(be[:2], b"\xeb\x9f")
        with btfx.load(self.path("be.btf.gz")) as c:
            self.assertTrue(c.big_endian)
            self.assertEqual(c.to_bytes(endian="source"), be)
            self.assertEqual(bytes(c), self.blob)
            self.assertEqual(c.dump(), self.b.dump())
        with btfx.load(be) as c:
            self.assertEqual(bytes(c), self.blob)

    def test_layout_and_elf(self):
        with btfx.load(self.b.to_bytes(layout=True)) as c:
            self.assertEqual(bytes(c), self.blob)
        self.b.write(self.path("a.o"), elf=True)
        with btfx.load(self.path("a.o")) as c:
            self.assertEqual(bytes(c), self.blob)

    def test_split(self):
        with btfx.load(self.blob) as base:
            with btfx.Btf(base) as split:
                p = split.add_ptr(base.find("pair"))
                self.assertEqual(p.id, 27)
                self.assertEqual(split[5].name, "pair")
                self.assertEqual(len(split), 28)
                self.assertEqual(list(split.types()), [p])
                again = btfx.load(bytes(split), base=base)
                self.assertEqual(again[27].type, 5)
                again.close()


class Dedup(unittest.TestCase):
    def test_dedup(self):
        with btfx.Btf() as b:
            i = b.add_int("int", 4, signed=True)
            j = b.add_int("int", 4, signed=True)
            p = b.add_ptr(j)
            self.assertEqual(b.dedup(), [0, 1, 1, 2])
            self.assertEqual(len(b), 3)
            for t in (i, j, p):
                with self.assertRaises(btfx.StaleTypeError):
                    t.name
            self.assertEqual(b[2].type, 1)
            self.assertIn("stale", repr(p))

    def test_hashcons(self):
        with btfx.Btf(hashcons=True) as b:
            self.assertEqual(b.add_int("int", 4).id, b.add_int("int", 4).id)


class Errors(unittest.TestCase):
    def test_builder_message(self):
        with btfx.Btf() as b:
            with self.assertRaises(btfx.Error) as cm:
                b.add_int("int", 3)
            self.assertEqual(cm.exception.errno, 22)
            self.assertTrue(cm.exception.message)
            self.assertEqual(str(cm.exception), cm.exception.message)
            self.assertEqual(len(b), 1)

    def test_invalid(self):
        blob = bytes(every_kind())
        with self.assertRaises(btfx.InvalidBtf) as cm:
            btfx.load(blob[:30])
        self.assertIn("BTF", str(cm.exception))

    def test_io(self):
        with self.assertRaises(btfx.OSError) as cm:
            btfx.load("/nonexistent/x.btf")
        self.assertIsInstance(cm.exception, OSError)
        self.assertIn("/nonexistent/x.btf", str(cm.exception))
        with every_kind() as b, self.assertRaises(OSError) as cm:
            b.write("/nonexistent/dir/x.btf", gzip=True)
        self.assertIn("/nonexistent/dir/x.btf", str(cm.exception))

    def test_foreign_type(self):
        with every_kind() as a, every_kind() as b:
            with self.assertRaises(btfx.Error):
                b.add_ptr(a[1])

    def test_unmerged(self):
        with every_kind() as b:
            for call in (lambda: b.dump("c"), lambda: b.dump("json"), b.validate,
                         lambda: btfx.diff(b, b)):
                try:
                    out = call()
                except NotImplementedError as e:
                    self.assertIn("libbtfx", str(e))
                else:
                    self.assertTrue(out is None or isinstance(out, str))


class Validate(unittest.TestCase):
    def test_valid(self):
        with every_kind() as b:
            for target in ("current", "2026"):
                self.assertIsNone(b.validate(target))
                self.assertEqual(b.problems(target), [])

    def test_every_problem(self):
        with btfx.Btf() as b:
            i = b.add_int("int", 4, signed=True)
            b.add_var("x", i, "extern")
            proto = b.add_func_proto(i, [(None, i)])
            b.add_func("f", proto)
            found = b.problems()
            self.assertEqual([(p.type_id, p.kind, p.name, p.rule) for p in found],
                             [(2, btfx.Kind.VAR, "x", "var-linkage"),
                              (4, btfx.Kind.FUNC, "f", "func-param-name")])
            self.assertTrue(all(p.message for p in found))
            with self.assertRaises(btfx.InvalidBtf) as cm:
                b.validate()
            self.assertIn("var-linkage", str(cm.exception))
            self.assertNotIn("func-param-name", str(cm.exception))

    def test_older_kernel(self):
        with btfx.Btf() as b:
            b.add_enum64("e64", [("BIG", 1 << 40)])
            self.assertIsNone(b.validate())
            with self.assertRaises(btfx.InvalidBtf) as cm:
                b.validate("5.15")
            self.assertIn("ENUM64", str(cm.exception))
            (p,) = b.problems("5.15")
            self.assertEqual((p.type_id, p.kind, p.rule), (1, btfx.Kind.ENUM64, "kind"))
        with btfx.Btf() as b:
            b.add_float("double", 8)
            self.assertIsNone(b.validate("5.15"))
            (p,) = b.problems("5.10")
            self.assertEqual((p.type_id, p.kind, p.rule), (1, btfx.Kind.FLOAT, "kind"))

    def test_bad_target(self):
        with every_kind() as b:
            with self.assertRaises(ValueError):
                b.validate("4.19")
            with self.assertRaises(ValueError):
                b.problems("")


class Link(unittest.TestCase):
    """btfx.link(): a BPF program's object placed, and as libbpf loads it."""

    EXTERNS = os.path.join(DATA, "externs.bpfel.o")

    def test_as_loaded(self):
        with btfx.link(self.EXTERNS) as placed:
            (p,) = placed.problems()[:1]
            self.assertEqual((p.kind, p.rule), (Kind.FUNC, "func-linkage"))
        with btfx.link(self.EXTERNS, as_loaded=True) as b:
            self.assertEqual(b.problems(), [])
            self.assertIsNone(b.validate())
            (sec,) = [t for t in b if t.kind == Kind.DATASEC and t.name == ".kconfig"]
            self.assertEqual(sec.size, 36)
            self.assertTrue(any(t.kind == Kind.VAR and t.name == "dummy_ksym" for t in b))
        # Hidden globals: static as libbpf loads them (a subprogram, variables).
        with btfx.link(os.path.join(DATA, "hidden.bpfel.o"), as_loaded=True) as b:
            self.assertEqual(b.find("hidden_helper", "FUNC").linkage, "static")
            self.assertEqual(b.find("hidden_var", "VAR").linkage, "static")
            self.assertEqual(b.find("shown", "VAR").linkage, "global")
            self.assertEqual(b.find("hidden_prog", "FUNC").linkage, "global")

    def test_prepare_load(self):
        with btfx.link(self.EXTERNS, dedup=False) as b:
            n = len(b)
            b.prepare_load()
            self.assertEqual(len(b), n + 1)  # dummy_ksym
            self.assertEqual(b.problems(), [])

    def test_refused(self):
        # An extern left for another object: libbpf refuses it, so does this.
        with btfx.Btf() as b:
            i = b.add_int("int", 4, signed=True)
            b.add_var("elsewhere", i, "extern")
            before = bytes(b)
            with self.assertRaises(btfx.Error) as cm:
                b.prepare_load()
            self.assertIn("neither .kconfig nor .ksyms", str(cm.exception))
            self.assertEqual(bytes(b), before)
        with self.assertRaises(btfx.Error):
            btfx.link(b"not BTF")


class Closed(unittest.TestCase):
    def test_closed_raises(self):
        b = every_kind()
        t = b[5]
        mem = b.find("pair").members
        b.close()
        b.close()
        self.assertEqual(mem[0].name, "a")
        for call in (lambda: len(b), lambda: b[1], lambda: bytes(b), lambda: b.add_int("x", 4),
                     lambda: list(b), b.dedup, lambda: b.write("/tmp/x"), lambda: t.name,
                     lambda: t.members, lambda: t.kind, t.dump, lambda: b.find("int")):
            with self.assertRaises(btfx.ClosedError):
                call()
        self.assertIn("closed", repr(t))
        self.assertIn("closed", repr(b))

    def test_iterated_types_raise(self):
        """Types made by iteration (kind and name filled at creation) check
        their object like the others once it is closed or deduplicated."""
        b = every_kind()
        ts = list(b)
        self.assertEqual([(t.id, t.kind, t.name) for t in ts[:3]],
                         [(0, Kind.UNKN, ""), (1, Kind.INT, "int"), (2, Kind.PTR, "")])
        self.assertTrue(all(isinstance(t, btfx.Type) for t in ts))
        self.assertEqual(ts[5], b[5])
        self.assertEqual(hash(ts[5]), hash(b[5]))
        i = b.add_int("int", 4, signed=True)
        again = list(b)  # a second generation of the same object's types
        self.assertEqual(again[-1], i)
        self.assertEqual(again[-1].name, "int")
        self.assertEqual(b.dedup()[i.id], 1)
        for t in (ts[1], ts[5], again[-1], i):
            for attr in ("kind", "name", "size", "members"):
                with self.assertRaises(btfx.StaleTypeError):
                    getattr(t, attr)
            self.assertIn("stale", repr(t))
        fresh = list(b)
        self.assertEqual(fresh[5].name, "pair")
        b.close()
        for t in (fresh[1], fresh[5], ts[1]):
            for attr in ("kind", "name", "type", "vlen"):
                with self.assertRaises((btfx.ClosedError, btfx.StaleTypeError)):
                    getattr(t, attr)
        for attr in ("kind", "name"):
            with self.assertRaises(btfx.ClosedError):
                getattr(fresh[5], attr)
        self.assertIn("closed", repr(fresh[5]))

    def test_changed_during_iteration(self):
        with every_kind() as b:
            b.add_int("int", 4, signed=True)
            it = iter(b)
            t = next(it)
            b.dedup()
            with self.assertRaises(btfx.StaleTypeError):
                next(it)
            with self.assertRaises(btfx.StaleTypeError):
                t.kind
            it = b.types()
            t = next(it)
            self.assertEqual(t.name, "int")
        with self.assertRaises(btfx.ClosedError):
            next(it)
        with self.assertRaises(btfx.ClosedError):
            t.name

    def test_iterated_names(self):
        """Names by iteration: ASCII ones from the decoded section, others
        (UTF-8, bytes that are not) and the base's through the slow path."""
        with btfx.Btf() as b:
            b.add_int("int", 4)
            b.add_struct("cafee", 4, [("x", 1, 0)])
            b.add_typedef("xy_z", 2)
            blob = bytes(b)
        utf8 = blob.replace(b"cafee", b"caf\xc3\xa9").replace(b"xy_z", b"x\xffyz")
        names = ["", "int", "caf\u00e9", "x\udcffyz"]
        with btfx.load(utf8) as b:
            self.assertEqual([t.name for t in b], names)
            self.assertEqual([b[i].name for i in range(4)], names)
            with btfx.Btf(b) as split:
                split.add_typedef("int", 1)
                split.add_typedef("u", 3)
                self.assertEqual([t.name for t in split.types()], ["int", "u"])
                self.assertEqual([t.name for t in split], names + ["int", "u"])
        with btfx.load(blob.replace(b"xy_z", b"x\xffyz")) as b:  # one char a byte
            self.assertEqual([t.name for t in b], ["", "int", "cafee", "x\udcffyz"])
        with btfx.Btf() as b:
            b.add_int("a", 4)
            b.add_typedef("b", 1)
            self.assertEqual([(t.kind, t.name) for t in b.types()],
                             [(Kind.INT, "a"), (Kind.TYPEDEF, "b")])

    def test_context_manager(self):
        with every_kind() as b:
            it = b.types()
            next(it)
        self.assertTrue(b.closed)
        with self.assertRaises(btfx.ClosedError):
            b[1]

    def test_base_outlives_split(self):
        base = every_kind()
        split = btfx.Btf(base)
        with self.assertRaises(btfx.Error):
            base.close()
        self.assertEqual(split[5].name, "pair")
        split.close()
        base.close()
        with self.assertRaises(btfx.ClosedError):
            base[1]

    def test_dedup_of_a_base(self):
        with every_kind() as base, btfx.Btf(base) as split:
            with self.assertRaises(btfx.Error):
                base.dedup()
            split.add_ptr(1)

    def test_garbage_collected(self):
        for _ in range(50):
            b = every_kind()
            t = b[1]
            del b
            gc.collect()
            self.assertEqual(t.name, "int")  # the type keeps its object alive


class Vmlinux(unittest.TestCase):
    def setUp(self):
        if not os.access(VMLINUX, os.R_OK):
            self.skipTest(f"{VMLINUX} is not readable on this machine")

    def test_count(self):
        with btfx.load(VMLINUX) as b:
            n = sum(1 for _ in b.types())
            self.assertEqual(n, len(b) - 1)
            names = [t.name for t in b.types()]
            self.assertEqual(b.find("task_struct", "struct").name, "task_struct")
            self.assertIn("task_struct", names)
            cli = os.environ.get("BTFX_CLI")
            if not cli:
                self.skipTest("BTFX_CLI (the btfx program) not set: count not compared")
            out = subprocess.run([cli, "stats", "--json", VMLINUX], check=True,
                                 stdout=subprocess.PIPE).stdout
            self.assertEqual(n, json.loads(out)["types"]["count"])


class Main(unittest.TestCase):
    def test_stats(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "a.btf")
            every_kind().write(path)
            env = dict(os.environ)
            env["PYTHONPATH"] = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
            out = subprocess.run([sys.executable, "-m", "btfx", "stats", "--json", path],
                                 check=True, stdout=subprocess.PIPE, env=env).stdout
            self.assertEqual(json.loads(out)["types"]["count"], 26)


if __name__ == "__main__":
    unittest.main()
