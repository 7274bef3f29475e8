# distutils: language = c++
# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The typo checker's per-character work, compiled: the walk over runs of Chinese characters, word coverage, the
candidate search, word segmentation and the margins; only the language model's scoring is a Python call.

It takes the same steps, in the same order and with the same floating-point sums, as the pure-Python methods of
checkers/typo.py (TypoChecker._scored_runs, ._coverage, ._candidates, ._scored, ._remnants and segment()), which stay
as the reference and as the fallback where this module is not built; tests compare the two on garbled text dense in
candidates, and the two agreed on every sentence of the CSC data sets. Its look-up tables it builds from
typo.Tables itself (the word probabilities, the masked words and character pairs of typo.search_tables()), or
loads from what an earlier process built (TypoCore.dump and .load, kept by typo_cache.py).

Every word of the tables is at most four characters of the Basic Multilingual Plane, so a word packs into one
64-bit key, 16 bits a character (no character is 0, so keys of different lengths never meet). A reading (toneless
pinyin) stands in a key as a private-use code point, READING_BASE + its number: 寻?bao → 寻 + <bao>.
"""

from cpython.bytes cimport PyBytes_FromStringAndSize
from cpython.unicode cimport PyUnicode_4BYTE_KIND, PyUnicode_FromKindAndData
cimport cython
from libc.math cimport NAN, log
from libc.stdint cimport uint64_t
from libc.string cimport memcpy
from libcpp.vector cimport vector

ctypedef uint64_t Key

cdef enum:
    # FlatTable values of TypoCore.cover: a frequent word (typo.Tables.cover), and the beginning of a longer one.
    COVER_WORD = 1
    COVER_LONGER = 2
    READING_BASE = 0xE000
    MASKED = 1  # a character no run holds
    CONTEXT = 4  # characters each side of a candidate that the language model reads (TypoChecker.CONTEXT)


cdef struct Alt:
    Key word
    int sound  # 1 sound-alike, 0 shape-alike
    int n_changed
    int changed[2]


cdef struct Found:
    Py_ssize_t start
    Py_ssize_t end
    Key word
    int sound
    int changes


@cython.final
cdef class FoundSet:
    """The candidates of a run by (start, word), in the order first found, as a dict keeps them. The entries of each
    start are chained, so a look-up walks the few of its start: a long run of one character has thousands in all."""

    cdef vector[Found] items
    cdef vector[int] first_at  # start → its latest entry, -1 for none
    cdef vector[int] next_at  # entry → the entry of the same start before it, -1 for none

    cdef void reset(self, Py_ssize_t n):
        self.items.clear()
        self.next_at.clear()
        self.first_at.assign(n, -1)

    cdef inline Py_ssize_t find(self, Py_ssize_t start, Key word) noexcept:
        cdef int k = self.first_at[start]
        while k >= 0:
            if self.items[k].word == word:
                return k
            k = self.next_at[k]
        return -1

    cdef void put(self, Found f, bint replace):
        """items[(f.start, f.word)] = f, keeping the place of an earlier entry as a dict does."""
        cdef Py_ssize_t k = self.find(f.start, f.word)
        if k < 0:
            self.next_at.push_back(self.first_at[f.start])
            self.first_at[f.start] = self.items.size()
            self.items.push_back(f)
        elif replace:
            self.items[k] = f


@cython.final
cdef class Scratch:
    """The search's working vectors, kept from run to run of one call: refilling a vector that is already large
    enough allocates nothing, where fresh ones cost a dozen allocations a run."""

    cdef vector[int] count
    cdef vector[Py_ssize_t] word_starts
    cdef vector[Key] word_keys
    cdef vector[Py_ssize_t] word_lengths
    cdef vector[char] free
    cdef vector[double] windows
    cdef vector[double] best
    cdef vector[int] back
    cdef FoundSet found
    cdef vector[double] written
    cdef vector[Py_UCS4] window
    cdef vector[Py_UCS4] joined

    def __cinit__(self):
        self.found = FoundSet()


cdef struct Slot:
    Key key  # 0: empty
    int value


@cython.final
cdef class FlatTable:
    """Key → int, open addressing with linear probing in one flat array: the lookups of the inner loops cost one
    cache line where std::unordered_map costs a chain of nodes."""

    cdef vector[Slot] slots
    cdef size_t mask
    cdef int shift
    # One bit per 1/8 of a slot's hash range, set where a key hashes: most lookups are misses, and this bitmap
    # (an eighth of the table's size) answers them from the processor's cache instead of from memory.
    cdef vector[uint64_t] bits
    cdef int bit_shift

    def __init__(self, size_t expected):
        cdef size_t capacity = 16
        self.shift = 60
        while capacity < 2 * expected:
            capacity <<= 1
            self.shift -= 1
        self.slots.resize(capacity)
        self.mask = capacity - 1
        self.bit_shift = self.shift - 2
        self.bits.resize(capacity * 4 // 64)

    cdef inline size_t _home(self, Key k) noexcept nogil:
        return <size_t>((k * <Key>0x9E3779B97F4A7C15ULL) >> self.shift)

    cdef inline int find(self, Key k) noexcept nogil:
        cdef Key h = k * <Key>0x9E3779B97F4A7C15ULL
        cdef size_t b = <size_t>(h >> self.bit_shift)
        if not (self.bits[b >> 6] >> (b & 63)) & 1:
            return -1
        cdef size_t i = <size_t>(h >> self.shift)
        while True:
            if self.slots[i].key == k:
                return self.slots[i].value
            if self.slots[i].key == 0:
                return -1
            i = (i + 1) & self.mask

    cdef inline bint has(self, Key k) noexcept nogil:
        return self.find(k) >= 0

    cdef void put(self, Key k, int value) noexcept nogil:
        cdef size_t i = self._home(k)
        cdef size_t b = <size_t>((k * <Key>0x9E3779B97F4A7C15ULL) >> self.bit_shift)
        self.bits[b >> 6] |= (<uint64_t>1) << (b & 63)
        while self.slots[i].key != 0 and self.slots[i].key != k:
            i = (i + 1) & self.mask
        self.slots[i].key = k
        self.slots[i].value = value

    cdef tuple dump(self):
        """(number of slots, keys, values) of the filled slots, for TypoCore.dump()."""
        cdef vector[Key] keys
        cdef vector[int] values
        cdef size_t i
        for i in range(self.slots.size()):
            if self.slots[i].key != 0:
                keys.push_back(self.slots[i].key)
                values.push_back(self.slots[i].value)
        return self.slots.size(), _raw[Key](keys), _raw[int](values)

    @staticmethod
    cdef FlatTable load(tuple state, Py_ssize_t limit):
        """The table of dump(), with as many slots; every value must be below `limit`. The keys land where a
        probe finds them whatever their order, so the table answers as the dumped one did."""
        cdef size_t size = state[0]
        cdef vector[Key] keys
        cdef vector[int] values
        cdef size_t i
        _unraw[Key](state[1], keys)
        _unraw[int](state[2], values)
        # FlatTable(n) makes the smallest power of two of at least 2n slots (16 at least).
        cdef FlatTable table = FlatTable(size // 2)
        # At most half full, as built: in a full table put() would probe forever.
        if table.slots.size() != size or values.size() != keys.size() or 2 * keys.size() > size:
            raise ValueError("Inconsistent FlatTable state")
        for i in range(keys.size()):
            if keys[i] == 0 or not 0 <= values[i] < limit:
                raise ValueError("Inconsistent FlatTable state")
            table.put(keys[i], values[i])
        return table


cdef inline Py_ssize_t _run_end(const Py_UCS4* s, Py_ssize_t n, Py_ssize_t i) noexcept nogil:
    """Where the run of Chinese characters that starts at s[i] ends (i itself where s[i] is none): the runs
    TypoChecker.CHINESE_RUN finds, [\u4e00-\u9fff]+, of which the searches take those long enough for them."""
    while i < n and 0x4E00 <= s[i] <= 0x9FFF:
        i += 1
    return i


cdef inline Key pack(const Py_UCS4* s, Py_ssize_t a, Py_ssize_t b) noexcept nogil:
    cdef Key k = 0
    cdef Py_ssize_t i
    for i in range(a, b):
        k = (k << 16) | <Key>s[i]
    return k


cdef inline Key pack_replaced(const Py_UCS4* s, Py_ssize_t a, Py_ssize_t b, Py_ssize_t p, Py_UCS4 c) noexcept nogil:
    """s[a:b] with the character at p replaced by c."""
    cdef Key k = 0
    cdef Py_ssize_t i
    for i in range(a, b):
        k = (k << 16) | <Key>(c if i == p else s[i])
    return k




ctypedef fused Item:
    Key
    int
    char
    double
    Py_UCS4
    Alt


cdef bytes _raw(vector[Item]& items):
    """The items' memory, as bytes (TypoCore.dump)."""
    return PyBytes_FromStringAndSize(<const char*>items.data(), items.size() * sizeof(Item))


cdef void _unraw(bytes data, vector[Item]& items) except *:
    """`items` as _raw() gave them."""
    cdef Py_ssize_t size = len(data)
    if size % sizeof(Item):
        raise ValueError("Inconsistent TypoCore state")
    items.resize(size // sizeof(Item))
    if size:
        memcpy(items.data(), <const char*>data, size)


cdef void _flatten(vector[vector[Item]]& lists, vector[int]& bounds, vector[Item]& items):
    """`lists` in one vector: list k is items[bounds[k]:bounds[k + 1]]."""
    cdef size_t i
    bounds.assign(1, 0)
    items.clear()
    for i in range(lists.size()):
        items.insert(items.end(), lists[i].begin(), lists[i].end())
        bounds.push_back(items.size())


cdef tuple _raw_lists(vector[int]& bounds, vector[Item]& items):
    """Lists as _flatten() gave them, as bytes."""
    return _raw[int](bounds), _raw[Item](items)


cdef void _unraw_lists(tuple state, vector[int]& bounds, vector[Item]& items) except *:
    """The bounds and items that _raw_lists() gave `state`."""
    cdef size_t i
    _unraw[int](state[0], bounds)
    _unraw[Item](state[1], items)
    if bounds.empty() or bounds[0] != 0 or bounds.back() != <int>items.size():
        raise ValueError("Inconsistent TypoCore state")
    for i in range(1, bounds.size()):
        if bounds[i] < bounds[i - 1]:
            raise ValueError("Inconsistent TypoCore state")


cdef int _list_for(FlatTable table, Key k, vector[vector[Key]]& lists):
    """The list that `table` gives `k`, a new empty one if it gives none yet."""
    cdef int at = table.find(k)
    if at < 0:
        at = lists.size()
        table.put(k, at)
        lists.push_back(vector[Key]())
    return at


cdef void _check_places(vector[int]& places, size_t count) except *:
    """Each place (of TypoCore.meant or .readings) is -1 or one of `count` lists, one per BMP character."""
    cdef size_t i
    if places.size() != 0x10000:
        raise ValueError("Inconsistent TypoCore state")
    for i in range(places.size()):
        if not -1 <= places[i] < <int>count:
            raise ValueError("Inconsistent TypoCore state")


cdef str unpack(Key k):
    cdef Py_UCS4 chars[4]
    cdef int n = 4
    while k:
        n -= 1
        chars[n] = <Py_UCS4>(k & 0xFFFF)
        k >>= 16
    return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, chars + n, 4 - n)


cdef class TypoCore:
    """The word tables of a typo.Tables in C++ containers, and the searches over them."""

    cdef FlatTable logp  # word → place in logp_values
    cdef vector[double] logp_values
    # Each BMP character's logp as logp gives it (unknown_logp where it gives none): segmentation reads one per
    # character, and an array read costs less than a probe of the word table.
    cdef vector[double] char_logp
    cdef FlatTable cover  # the frequent words and the beginnings of longer ones: → COVER_WORD | COVER_LONGER
    cdef FlatTable targets, pairs
    # The four-character targets with one character as MASKED, each way (whole_words looks no further where the
    # three characters it keeps are in no target).
    cdef FlatTable whole_masks
    # Lists of words, codes and alternatives lie each kind in one vector (_flatten), list k at
    # [bounds[k], bounds[k + 1]): a look-up reads its bounds and its items, where a vector of vectors would also
    # read the inner vector, elsewhere in memory.
    cdef FlatTable by_mask, two_char  # → list of words; two_char: <reading><reading> → frequent targets
    # by_half: a four-character target with one half as its readings (<lian><xi>电话) → list of targets;
    # half_kept: the other half, with which of the two it is (1: the second, 3: the first) above its 32 bits — most
    # windows keep no half of a target, and this table answers them before a reading is looked up.
    cdef FlatTable by_half, half_kept
    # A two-character word with a reading of its own (typo.Tables.word_key) → its two reading codes, each less
    # READING_BASE, packed as first << 16 | second: 予以 is <yu><yi>, though 予 alone also reads zhu.
    cdef FlatTable word_readings
    cdef vector[int] word_bounds
    cdef vector[Key] words
    cdef vector[int] meant  # character → list of codes: its readings (as codes) then its look-alikes
    cdef vector[int] readings  # character → list of codes
    cdef vector[int] code_bounds
    cdef vector[Py_UCS4] codes
    cdef FlatTable alternatives  # → list of alternatives
    cdef vector[int] alt_bounds
    cdef vector[Alt] alts
    cdef vector[char] place_suffixes  # character → whether it is one (TypoChecker.PLACE_SUFFIXES)
    cdef vector[char] doubled  # character → whether its doubling is looked for (TypoChecker.DOUBLED)
    cdef vector[char] numerals  # character → whether a window holding it is no word restored whole (whole_words)
    cdef double unknown_logp
    cdef double window_gate
    cdef double two_change_gate
    cdef FlatTable remnants  # → place in typo.MissingTable.remnants (index_remnants)
    cdef vector[char] rare  # character → whether replacing it costs rare_penalty (TypoChecker.RARE_WRITTEN_FREQ)
    cdef double rare_penalty

    def __init__(self, tables, *, window_gate, two_change_gate, target_freq, place_suffixes, doubled, rare_freq,
                 rare_penalty, whole_word_numerals):
        cdef dict numbers = {}  # reading → its number
        cdef Alt alt
        cdef vector[vector[Py_UCS4]] code_lists
        cdef vector[vector[Alt]] alt_lists
        cdef vector[Py_UCS4] chars4
        cdef str word
        self.unknown_logp = tables.unknown_logp
        self.window_gate = window_gate
        self.two_change_gate = two_change_gate
        # typo.Tables.word_logp, computed here as there (log of frequency / total, both exact in a double).
        cdef double total = tables.total
        cdef long long f
        self.logp = FlatTable(len(tables.word_freq))
        for word, f in tables.word_freq.items():
            if f > 0 and len(word) <= 4:  # segmentation and the gates look up no longer word
                self.logp.put(self._key(word, numbers), self.logp_values.size())
                self.logp_values.push_back(log(<double>f / total))
        self._index_chars()
        flags = {}
        for word in tables.cover:
            flags[word] = flags.get(word, 0) | COVER_WORD
            for length in range(2, len(word)):
                flags[word[:length]] = flags.get(word[:length], 0) | COVER_LONGER
        self.cover = FlatTable(len(flags))
        for word, value in flags.items():
            self.cover.put(self._key(word, numbers), value)
        self.targets = self._set(tables.targets, numbers)
        self.whole_masks = FlatTable(4 * len(tables.targets))
        for word in tables.targets:
            if len(word) == 4:
                chars4 = _chars(word)
                for i in range(4):
                    self.whole_masks.put(pack_replaced(chars4.data(), 0, 4, i, MASKED), 0)
        self._index_targets(tables, numbers, target_freq)
        self._index_word_readings(tables, numbers)
        self.meant.assign(0x10000, -1)
        for ch, values in tables.meant.items():
            self.meant[ord(ch)] = code_lists.size()
            code_lists.push_back([self._reading_code(v, numbers) if v.isascii() else ord(v) for v in values])
        self.readings.assign(0x10000, -1)
        for ch, values in tables.readings.items():
            self.readings[ord(ch)] = code_lists.size()
            code_lists.push_back([self._reading_code(v, numbers) for v in values])
        _flatten[Py_UCS4](code_lists, self.code_bounds, self.codes)
        self.alternatives = FlatTable(len(tables.alternatives))
        for written, alternatives in tables.alternatives.items():
            self.alternatives.put(self._key(written, numbers), alt_lists.size())
            alt_lists.push_back([])
            for a in alternatives:
                alt.word = self._key(a.word, numbers)
                alt.sound = a.how == "sound"
                alt.n_changed = len(a.changed)
                if not 1 <= alt.n_changed <= 2:
                    raise ValueError(f"Unexpected alternative: {written} → {a}")
                alt.changed[0] = a.changed[0]
                alt.changed[1] = a.changed[len(a.changed) - 1]
                alt_lists.back().push_back(alt)
        _flatten[Alt](alt_lists, self.alt_bounds, self.alts)
        self._index_place_suffixes(place_suffixes)
        self.doubled.assign(0x10000, 0)
        for ch in doubled:
            self.doubled[ord(ch)] = 1
        self.numerals.assign(0x10000, 0)
        for ch in whole_word_numerals:
            self.numerals[ord(ch)] = 1
        self.rare.assign(0x10000, 0)
        freq = tables.word_freq
        for code in range(0x4E00, 0xA000):  # runs are made of these
            self.rare[code] = freq.get(chr(code), 0) < rare_freq
        self.rare_penalty = rare_penalty

    cdef _index_targets(self, tables, dict numbers, int target_freq):
        """by_mask, two_char and pairs, as typo.search_tables() builds them (lists in the same order)."""
        cdef str word, key
        cdef list sounds
        cdef Py_ssize_t i, j, n, total = 0
        cdef Key chars[4]
        cdef Key codes[4]
        cdef Key k, word_key
        cdef int at
        cdef vector[vector[Key]] word_lists
        keys, readings, word_freq, terms = tables.word_key, tables.readings, tables.word_freq, tables.terms
        # In a fixed order, as search_tables() takes them: a frozenset's order changes with each process's string
        # hashes, and a cached core must list its candidates as the Python search of another process does.
        targets = sorted(tables.targets)
        for word in targets:
            total += len(word)
        self.by_mask = FlatTable(total)
        self.pairs = FlatTable(3 * total)
        self.two_char = FlatTable(len(targets))
        self.by_half = FlatTable(2 * len(targets))
        self.half_kept = FlatTable(2 * len(targets))
        for word in targets:
            # The reading the character has in this word: 车 in 马车 is che, never ju.
            key = keys.get(word) or " ".join(readings.get(ch, ("?",))[0] for ch in word)
            sounds = key.split()
            n = len(word)
            if len(sounds) != n:
                continue
            word_key = 0
            for i in range(n):
                chars[i] = <Key>word[i]
                codes[i] = self._reading_code(sounds[i], numbers)
                word_key = word_key << 16 | chars[i]
            if n == 2:
                k = codes[0] << 16 | codes[1]
                at = _list_for(self.two_char, k, word_lists)
                if word_freq[word] >= target_freq:
                    word_lists[at].push_back(word_key)
            for i in range(n):
                # The word with its i-th character as that character's reading (寻?bao → 寻<bao>).
                k = 0
                for j in range(n):
                    k = k << 16 | (codes[j] if j == i else chars[j])
                word_lists[_list_for(self.by_mask, k, word_lists)].push_back(word_key)
            if n == 4 and word not in terms:
                k = codes[0] << 48 | codes[1] << 32 | chars[2] << 16 | chars[3]
                word_lists[_list_for(self.by_half, k, word_lists)].push_back(word_key)
                self.half_kept.put(<Key>1 << 32 | chars[2] << 16 | chars[3], 0)
                k = chars[0] << 48 | chars[1] << 32 | codes[2] << 16 | codes[3]
                word_lists[_list_for(self.by_half, k, word_lists)].push_back(word_key)
                self.half_kept.put(<Key>3 << 32 | chars[0] << 16 | chars[1], 0)
            for i in range(n - 1):
                self.pairs.put(chars[i] << 16 | chars[i + 1], 0)
                self.pairs.put(chars[i] << 16 | codes[i + 1], 0)
                self.pairs.put(codes[i] << 16 | chars[i + 1], 0)
        _flatten[Key](word_lists, self.word_bounds, self.words)

    cdef _index_word_readings(self, tables, dict numbers):
        """word_readings, from typo.Tables.word_key."""
        cdef str word, key
        cdef list sounds
        self.word_readings = FlatTable(len(tables.word_key))
        for word, key in tables.word_key.items():
            sounds = key.split()
            if len(word) == 2 and len(sounds) == 2:
                self.word_readings.put(
                    self._key(word, numbers),
                    <int>((self._reading_code(sounds[0], numbers) - READING_BASE) << 16
                          | (self._reading_code(sounds[1], numbers) - READING_BASE)),
                )

    # -- the built state, for the disk cache (typo_cache.py) -----------------------------------------------

    def dump(self):
        """What __init__ built, as a dict of bytes and numbers (marshal can store it): load() makes a TypoCore
        that answers every question as this one does, without the tables. What index_remnants() adds is left out: a
        loaded core is given the remnants as a built one is."""
        return {
            "logp": self.logp.dump(),
            "logp_values": _raw[double](self.logp_values),
            "cover": self.cover.dump(),
            "targets": self.targets.dump(),
            "whole_masks": self.whole_masks.dump(),
            "pairs": self.pairs.dump(),
            "by_mask": self.by_mask.dump(),
            "two_char": self.two_char.dump(),
            "by_half": self.by_half.dump(),
            "half_kept": self.half_kept.dump(),
            "word_readings": self.word_readings.dump(),
            "word_lists": _raw_lists[Key](self.word_bounds, self.words),
            "meant": _raw[int](self.meant),
            "readings": _raw[int](self.readings),
            "code_lists": _raw_lists[Py_UCS4](self.code_bounds, self.codes),
            "alternatives": self.alternatives.dump(),
            "alt_lists": _raw_lists[Alt](self.alt_bounds, self.alts),
            "place_suffixes": "".join(chr(c) for c in range(0x10000) if self.place_suffixes[c]),
            "doubled": _raw[char](self.doubled),
            "numerals": _raw[char](self.numerals),
            "rare": _raw[char](self.rare),
            "unknown_logp": self.unknown_logp,
            "window_gate": self.window_gate,
            "two_change_gate": self.two_change_gate,
            "rare_penalty": self.rare_penalty,
        }

    @staticmethod
    def load(dict state):
        """The TypoCore that dump() gave `state`. Raises ValueError where the state does not hold together (a list
        or table place out of range would be read as memory), KeyError or TypeError where it is no dump() at all."""
        cdef TypoCore core = TypoCore.__new__(TypoCore)
        cdef size_t i
        cdef Alt alt
        _unraw[double](state["logp_values"], core.logp_values)
        _unraw_lists[Key](state["word_lists"], core.word_bounds, core.words)
        _unraw_lists[Py_UCS4](state["code_lists"], core.code_bounds, core.codes)
        _unraw_lists[Alt](state["alt_lists"], core.alt_bounds, core.alts)
        core.logp = FlatTable.load(state["logp"], core.logp_values.size())
        core.unknown_logp = state["unknown_logp"]
        core._index_chars()
        core.cover = FlatTable.load(state["cover"], (COVER_WORD | COVER_LONGER) + 1)
        core.targets = FlatTable.load(state["targets"], 1)
        core.whole_masks = FlatTable.load(state["whole_masks"], 1)
        core.pairs = FlatTable.load(state["pairs"], 1)
        core.by_mask = FlatTable.load(state["by_mask"], core.word_bounds.size() - 1)
        core.two_char = FlatTable.load(state["two_char"], core.word_bounds.size() - 1)
        core.by_half = FlatTable.load(state["by_half"], core.word_bounds.size() - 1)
        core.half_kept = FlatTable.load(state["half_kept"], 1)
        # Two reading numbers of 16 bits, each below 0x1000 (_reading_code).
        core.word_readings = FlatTable.load(state["word_readings"], 0x1000 << 16)
        core.alternatives = FlatTable.load(state["alternatives"], core.alt_bounds.size() - 1)
        _unraw[int](state["meant"], core.meant)
        _check_places(core.meant, core.code_bounds.size() - 1)
        _unraw[int](state["readings"], core.readings)
        _check_places(core.readings, core.code_bounds.size() - 1)
        for i in range(0x10000):
            # A character the search may replace has readings: two such side by side are looked up by them.
            if core.meant[i] >= 0 and core.readings[i] < 0:
                raise ValueError("Inconsistent TypoCore state")
        for alt in core.alts:
            # The real-word search reads the coverage at these offsets of a word of at most four characters.
            if not (1 <= alt.n_changed <= 2 and 0 <= alt.changed[0] < 4 and 0 <= alt.changed[1] < 4):
                raise ValueError("Inconsistent TypoCore state")
        core._index_place_suffixes(state["place_suffixes"])
        _unraw[char](state["doubled"], core.doubled)
        _unraw[char](state["numerals"], core.numerals)
        _unraw[char](state["rare"], core.rare)
        if core.doubled.size() != 0x10000 or core.rare.size() != 0x10000 or core.numerals.size() != 0x10000:
            raise ValueError("Inconsistent TypoCore state")
        core.window_gate = state["window_gate"]
        core.two_change_gate = state["two_change_gate"]
        core.rare_penalty = state["rare_penalty"]
        return core

    # -- building keys (start-up only) ----------------------------------------------------------------------

    cdef _index_place_suffixes(self, str suffixes):
        """place_suffixes from the suffixes' characters."""
        self.place_suffixes.assign(0x10000, 0)
        for ch in suffixes:
            if ord(ch) > 0xFFFF:
                raise ValueError(f"Place suffix outside the Basic Multilingual Plane: {ch!r}")
            self.place_suffixes[ord(ch)] = 1

    cdef void _index_chars(self):
        """char_logp from logp and unknown_logp."""
        cdef Key c
        cdef int at
        self.char_logp.assign(0x10000, self.unknown_logp)
        for c in range(0x10000):
            at = self.logp.find(c)
            if at >= 0:
                self.char_logp[c] = self.logp_values[at]

    cdef FlatTable _set(self, words, dict numbers):
        cdef FlatTable table = FlatTable(len(words))
        cdef str word
        for word in words:
            table.put(self._key(word, numbers), 0)
        return table

    cdef Key _reading_code(self, str reading, dict numbers) except 0:
        number = numbers.get(reading)
        if number is None:
            number = numbers[reading] = len(numbers)
            if number >= 0x1000:
                raise ValueError("Too many distinct readings")
        return READING_BASE + <Key>number

    cdef Key _key(self, str s, dict numbers) except 0:
        """A word, or a pair written with one side as a reading (寻bao, xun宝)."""
        cdef Key key = 0
        cdef Py_ssize_t i = 0, j, n = len(s), codes = 0
        cdef Py_UCS4 c
        while i < n:
            c = s[i]
            if c < 128:
                j = i + 1
                while j < n and s[j] < 128:
                    j += 1
                key = key << 16 | self._reading_code(s[i:j], numbers)
                i = j
            elif c > 0xFFFF:
                raise ValueError(f"Character outside the Basic Multilingual Plane: {s!r}")
            else:
                key = key << 16 | <Key>c
                i += 1
            codes += 1
        if not 1 <= codes <= 4:
            raise ValueError(f"Cannot key {s!r}")
        return key

    # -- segmentation ------------------------------------------------------------------------------------

    cdef double _segment(self, const Py_UCS4* s, Py_ssize_t n, vector[double]& best, vector[int]& back) noexcept:
        cdef Py_ssize_t j, length
        cdef double score
        cdef int step
        cdef int at
        best.resize(n + 1)
        back.resize(n + 1)
        best[0] = 0.0
        for j in range(1, n + 1):
            score = best[j - 1] + self.char_logp[s[j - 1]]
            step = 1
            for length in range(2, 5):
                if length > j:
                    break
                at = self.logp.find(pack(s, j - length, j))
                if at >= 0 and best[j - length] + self.logp_values[at] > score:
                    score = best[j - length] + self.logp_values[at]
                    step = length
            best[j] = score
            back[j] = step
        return best[n]

    def segment(self, str s):
        """Most probable split of `s` into dictionary words, as typo.segment() gives it."""
        cdef vector[Py_UCS4] chars = _chars(s)
        cdef vector[double] best
        cdef vector[int] back
        cdef Py_ssize_t j = len(s)
        score = self._segment(chars.data(), j, best, back)
        words = []
        while j > 0:
            words.append(s[j - back[j] : j])
            j -= back[j]
        words.reverse()
        return score, words

    cdef str _joined(self, const Py_UCS4* s, Py_ssize_t n, vector[double]& best, vector[int]& back,
                     vector[Py_UCS4]& out):
        """s[:n] segmented, its words joined by spaces (what the language model reads)."""
        cdef Py_ssize_t j = n, k
        self._segment(s, n, best, back)
        out.resize(2 * n)
        k = out.size()
        while j > 0:
            for _ in range(back[j]):
                k -= 1
                j -= 1
                out[k] = s[j]
            if j > 0:
                k -= 1
                out[k] = u" "
        return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out.data() + k, out.size() - k)

    def scan(self, str text, score, double threshold, double two_change_extra, double long_word_bonus,
             double floor):
        """TypoChecker._scored_runs() with the language model: every run of two or more Chinese characters
        searched (a run repeated in `text` once), each candidate scored by `score` (the model's, called as
        score(sentence, False, False)) and kept where its margin (TypoChecker._margin) is at least -floor.
        Returns (start, end, word, how, changes, gain) with offsets into `text`."""
        cdef dict done = {}
        cdef dict scores = {}
        cdef list out = []
        cdef list kept
        cdef Py_ssize_t n = len(text), i = 0, j
        cdef double[4] margins = [threshold, two_change_extra, long_word_bonus, floor]
        cdef tuple c
        cdef vector[Py_UCS4] chars = _text_chars(text)
        cdef const Py_UCS4* s = chars.data()
        cdef Scratch work = Scratch()
        while i < n:
            j = _run_end(s, n, i)
            if j == i:
                i += 1
                continue
            if j - i >= 2:
                run = text[i:j]
                kept = done.get(run)
                if kept is None:
                    kept = done[run] = self._scored_run(s + i, j - i, score, scores, margins, work)
                for c in kept:
                    out.append((c[0] + i, c[1] + i, c[2], c[3], c[4], c[5]))
            i = j
        return out

    cdef list _scored_run(self, const Py_UCS4* s, Py_ssize_t n, score, dict scores, double* margins,
                          Scratch work):
        """The candidates of the run s[:n] that _decide may need, as (start, end, word, how, changes, gain): each
        scored in its context (CONTEXT characters each side, within the run) as written and as corrected, both
        segmented and joined by spaces, the scores cached by that sentence in `scores`."""
        cdef Py_ssize_t a, b, i, length, slot
        cdef double base, gain, need
        cdef list kept = []
        cdef Found f
        cdef bint doubled, rare
        cdef Py_UCS4 c
        # The context as written, scored once per (a, b): several candidates share it.
        work.written.assign(n * 16, NAN)
        self._find(s, n, work)
        for f in work.found.items:
            length = f.end - f.start
            doubled = rare = False
            for i in range(f.start, f.end):
                c = <Py_UCS4>((f.word >> (16 * (f.end - 1 - i))) & 0xFFFF)
                if c != s[i]:
                    # A character written twice (姊姊, 星星) is doubled on purpose: neither copy is a slip.
                    doubled = doubled or (i > 0 and s[i - 1] == s[i]) or (i + 1 < n and s[i + 1] == s[i])
                    rare = rare or self.rare[s[i]]
            if doubled:
                continue
            a = max(f.start - CONTEXT, 0)
            b = min(f.end + CONTEXT, n)
            slot = a * 16 + (b - a)
            if work.written[slot] != work.written[slot]:  # NaN: not scored yet
                work.written[slot] = _cached(
                    scores, self._joined(s + a, b - a, work.best, work.back, work.joined), score
                )
            base = work.written[slot]
            work.window.clear()
            for i in range(a, f.start):
                work.window.push_back(s[i])
            for i in range(length - 1, -1, -1):
                work.window.push_back(<Py_UCS4>((f.word >> (16 * i)) & 0xFFFF))
            for i in range(f.end, b):
                work.window.push_back(s[i])
            corrected = self._joined(work.window.data(), work.window.size(), work.best, work.back, work.joined)
            gain = _cached(scores, corrected, score) - base
            if rare:
                gain -= self.rare_penalty
            need = margins[0] + (margins[1] if f.changes > 1 else 0.0)
            if length >= 3:
                need -= margins[2]
            if gain - need >= -margins[3]:
                kept.append((f.start, f.end, unpack(f.word), "sound" if f.sound else "shape", f.changes, gain))
        return kept

    def index_remnants(self, remnants):
        """Take typo.MissingTable.remnants (words with an inner character dropped, 乡村兴) for gaps()."""
        cdef dict numbers = {}
        self.remnants = FlatTable(len(remnants))
        for k, remnant in enumerate(remnants):
            self.remnants.put(self._key(remnant, numbers), k)

    def gaps(self, str text):
        """What TypoChecker._missing_or_extra looks at: ([(remnant index, start, end)] of the remnants that stand
        in `text`, in the order an overlapping Aho-Corasick scan reports them (by end, the longer first), but for
        those a longer dictionary word holds (员会 of 动员会) or whose edge belongs to a frequent word outside them
        (自动 + 清零); [start] of each Chinese character typed twice, as ([\u4e00-\u9fff])\1 finds them).
        Every word and remnant is made of Chinese characters, so each run of them is searched on its own."""
        cdef list remnants = [], doubles = []
        cdef Py_ssize_t n = len(text), i = 0, j, p, end, length, start
        cdef vector[Py_UCS4] chars = _text_chars(text)
        cdef const Py_UCS4* s = chars.data()
        cdef int at
        if self.remnants is None:
            raise RuntimeError("index_remnants() first")
        while i < n:
            j = _run_end(s, n, i)
            if j == i:
                i += 1
                continue
            for end in range(i + 2, j + 1):
                for length in range(3, 1, -1):
                    start = end - length
                    if start < i:
                        continue
                    at = self.remnants.find(pack(s, start, end))
                    if at < 0 or self._inside_word(s, i, j, start, end):
                        continue
                    if (start > i and self._is_cover(pack(s, start - 1, start + 1))) or (
                        end < j and self._is_cover(pack(s, end - 1, end + 1))
                    ):
                        continue
                    remnants.append((at, start, end))
            p = i
            while p + 1 < j:
                if s[p] == s[p + 1]:
                    doubles.append(p)
                    p += 2
                else:
                    p += 1
            i = j
        return remnants, doubles

    cdef inline bint _is_cover(self, Key key) noexcept:
        cdef int at = self.cover.find(key)
        return at >= 0 and at & COVER_WORD

    cdef bint _inside_word(self, const Py_UCS4* s, Py_ssize_t lo, Py_ssize_t hi, Py_ssize_t start,
                           Py_ssize_t end) noexcept:
        """Whether a dictionary word of at most four characters, longer than s[start:end], holds it (within the
        run s[lo:hi])."""
        cdef Py_ssize_t length, q
        for length in range(end - start + 1, 5):
            for q in range(max(lo, end - length), start + 1):
                if q + length <= hi and self.logp.has(pack(s, q, q + length)):
                    return True
        return False

    def repeats(self, str text):
        """TypoChecker.REPEATED_WORD and DOUBLED_CHAR as `re` finds them, left to right without overlaps:
        ([(start, unit length)], [start of a doubled character])."""
        cdef Py_ssize_t n = len(text), i, j, length
        cdef list words = [], doubles = []
        cdef vector[Py_UCS4] chars
        cdef vector[int] ahead = vector[int](n + 1, 0)  # Chinese characters from i on, at most 8
        cdef const Py_UCS4* s
        cdef Py_UCS4 c
        chars.reserve(n)
        for c in text:
            chars.push_back(c)
        s = chars.data()
        for i in range(n - 1, -1, -1):
            ahead[i] = min(ahead[i + 1] + 1, 8) if 0x4E00 <= s[i] <= 0x9FFF else 0
        i = 0
        while i < n:
            # The unit is the longest run of 2-8 Chinese characters that its own copy follows at once.
            for length in range(ahead[i], 1, -1):
                if i + 2 * length > n:
                    continue
                for j in range(length):
                    if s[i + j] != s[i + length + j]:
                        break
                else:
                    words.append((i, length))
                    i += 2 * length
                    break
            else:
                i += 1
        i = 0
        while i + 1 < n:
            if s[i] == s[i + 1] and s[i] <= 0xFFFF and self.doubled[s[i]]:
                doubles.append(i)
                i += 2
            else:
                i += 1
        return words, doubles

    cdef bint _gated(self, const Py_UCS4* s, Py_ssize_t a, Py_ssize_t b, Key word, double gate,
                     vector[double]& windows, vector[double]& best, vector[int]& back) noexcept:
        """Whether `word` alone is more probable than the best split of s[a:b] by `gate`; `windows` keeps each
        window's split, by (a, length), as many words are tried in one window."""
        cdef int at = self.logp.find(word)
        cdef Py_ssize_t slot = a * 5 + (b - a)
        if at < 0:
            return False
        if windows[slot] != windows[slot]:  # NaN: not split yet
            windows[slot] = self._segment(s + a, b - a, best, back)
        return self.logp_values[at] - windows[slot] >= gate

    cdef bint _before_place_suffix(self, const Py_UCS4* s, Py_ssize_t n, Py_ssize_t start, Py_ssize_t end) noexcept:
        return self.place_suffixes[s[end - 1]] or (end < n and self.place_suffixes[s[end]])

    # -- candidates --------------------------------------------------------------------------------------

    cdef void _consider(self, const Py_UCS4* s, Py_ssize_t i, Py_ssize_t end, Key word, bint sound,
                        FoundSet found, vector[double]& windows, vector[double]& best,
                        vector[int]& back):
        """A one-character replacement: kept if new and far more likely than the window as written."""
        cdef Found f
        if found.find(i, word) >= 0:
            return
        if not self._gated(s, i, end, word, self.window_gate, windows, best, back):
            return
        f.start, f.end, f.word, f.sound, f.changes = i, end, word, sound, 1
        found.put(f, False)

    def candidates(self, str run):
        """TypoChecker._candidates(run): a list of (start, end, word, how, changes) in the order the Python
        method finds them."""
        cdef vector[Py_UCS4] chars = _chars(run)
        cdef Scratch work = Scratch()
        self._find(chars.data(), len(run), work)
        return [(f.start, f.end, unpack(f.word), "sound" if f.sound else "shape", f.changes) for f in work.found.items]

    def whole_words(self, str text):
        """TypoChecker._whole_words over each run of Chinese characters of `text`: a list of (start, end, word, how,
        changes) with offsets into `text`, run by run in the order the Python method finds them."""
        cdef list out = []
        cdef Py_ssize_t n = len(text), i = 0, j
        cdef vector[Py_UCS4] chars = _text_chars(text)
        cdef const Py_UCS4* s = chars.data()
        cdef FoundSet found = FoundSet()
        cdef Found f
        while i < n:
            j = _run_end(s, n, i)
            if j == i:
                i += 1
                continue
            if j - i >= 4:
                self._whole_words(s + i, j - i, found)
                for f in found.items:
                    out.append((f.start + i, f.end + i, unpack(f.word), "sound" if f.sound else "shape", f.changes))
            i = j
        return out

    cdef void _whole_words(self, const Py_UCS4* s, Py_ssize_t n, FoundSet found):
        """The four-character targets that a window of the run s[:n] is with one character written as a sound- or
        look-alike, or with one half written as another word that reads the same, where the window is no word
        itself, into `found` (TypoChecker._whole_words)."""
        cdef Py_ssize_t i, k, c, w, h
        cdef int options, at, read
        cdef Py_UCS4 mc
        cdef Key key, word, reading
        cdef Found f
        found.reset(n)
        f.end = 0
        for i in range(n - 3):
            if self.logp.find(pack(s, i, i + 4)) >= 0:
                continue
            if self.numerals[s[i]] or self.numerals[s[i + 1]] or self.numerals[s[i + 2]] or self.numerals[s[i + 3]]:
                continue
            f.start, f.end = i, i + 4
            f.changes = 1
            for k in range(4):
                if k == 0 and self.logp.find(pack(s, i + 1, i + 4)) >= 0:
                    continue
                if k == 3 and self.logp.find(pack(s, i, i + 3)) >= 0:
                    continue
                if not self.whole_masks.has(pack_replaced(s, i, i + 4, i + k, MASKED)):
                    continue
                options = self.meant[s[i + k]]
                if options < 0:
                    continue
                for c in range(self.code_bounds[options], self.code_bounds[options + 1]):
                    mc = self.codes[c]
                    key = pack_replaced(s, i, i + 4, i + k, mc)
                    if <unsigned int>mc >= READING_BASE:
                        at = self.by_mask.find(key)
                        if at < 0:
                            continue
                        for w in range(self.word_bounds[at], self.word_bounds[at + 1]):
                            word = self.words[w]
                            if <Py_UCS4>((word >> (16 * (3 - k))) & 0xFFFF) != s[i + k]:
                                f.word, f.sound = word, 1
                                found.put(f, False)
                    elif self.targets.has(key):
                        f.word, f.sound = key, 0
                        found.put(f, False)
            # A half that is a word, read as that word reads, beside a half that is one.
            f.changes, f.sound = 2, 1
            for h in range(0, 4, 2):
                if not self.half_kept.has(<Key>(h + 1) << 32 | pack(s, i + 2 - h, i + 4 - h)):
                    continue
                read = self.word_readings.find(pack(s, i + h, i + h + 2))
                if read < 0 or self.logp.find(pack(s, i + 2 - h, i + 4 - h)) < 0:
                    continue
                reading = (READING_BASE + (<Key>read >> 16)) << 16 | (READING_BASE + (<Key>read & 0xFFFF))
                if h == 0:
                    key = reading << 32 | pack(s, i + 2, i + 4)
                else:
                    key = pack(s, i, i + 2) << 32 | reading
                at = self.by_half.find(key)
                if at < 0:
                    continue
                for w in range(self.word_bounds[at], self.word_bounds[at + 1]):
                    word = self.words[w]
                    if (<Py_UCS4>((word >> (16 * (3 - h))) & 0xFFFF) != s[i + h]
                            and <Py_UCS4>((word >> (16 * (2 - h))) & 0xFFFF) != s[i + h + 1]):
                        f.word = word
                        found.put(f, False)

    cdef void _find(self, const Py_UCS4* s, Py_ssize_t n, Scratch work):
        """The candidates of s[:n] into work.found, in the order TypoChecker._candidates finds them."""
        self._search(s, n, work.found, work.count, work.free, work.windows, work.best, work.back, work.word_starts,
                     work.word_keys, work.word_lengths)

    cdef void _search(self, const Py_UCS4* s, Py_ssize_t n, FoundSet found, vector[int]& count,
                      vector[char]& free, vector[double]& windows, vector[double]& best, vector[int]& back,
                      vector[Py_ssize_t]& word_starts, vector[Key]& word_keys, vector[Py_ssize_t]& word_lengths):
        """_find, with the vectors of its Scratch."""
        cdef Py_ssize_t i, p, k, lo, hi, end, a, b, q, w, x, y, length, longest
        cdef Key key, word
        cdef Py_ssize_t starts[5]
        cdef Py_ssize_t ends[5]
        cdef Found f
        cdef Alt alt
        cdef Py_UCS4 mc
        cdef int options, firsts, seconds
        cdef bint reach_left, reach_right, sound, bounded
        cdef int at
        lo = hi = 0
        count.assign(n, 0)
        free.assign(n, 0)
        windows.assign(n * 5, NAN)
        word_starts.clear()
        word_keys.clear()
        word_lengths.clear()
        found.reset(n)

        # Coverage: how many frequent words hold each position. A word of three or four characters is looked up
        # only where a frequent word that long begins with its first two or three.
        for i in range(n - 1):
            key = pack(s, i, i + 2)
            for length in range(2, 5):
                if length > 2:
                    if i + length > n or not at & COVER_LONGER:
                        break
                    key = key << 16 | <Key>s[i + length - 1]
                at = self.cover.find(key)
                if at < 0:
                    break
                if at & COVER_WORD:
                    word_starts.push_back(i)
                    word_keys.push_back(key)
                    word_lengths.push_back(length)
                    for p in range(i, i + length):
                        count[p] += 1

        # A frequent word written where a far more frequent look- or sound-alike fits (real-word errors).
        for w in range(<Py_ssize_t>word_keys.size()):
            at = self.alternatives.find(word_keys[w])
            if at < 0:
                continue
            i = word_starts[w]
            for k in range(self.alt_bounds[at], self.alt_bounds[at + 1]):
                alt = self.alts[k]
                if count[i + alt.changed[0]] != 1 or count[i + alt.changed[1]] != 1:
                    continue
                if alt.n_changed == 2 and self._before_place_suffix(s, n, i, i + word_lengths[w]):
                    continue
                f.start, f.end, f.word, f.sound, f.changes = i, i + word_lengths[w], alt.word, alt.sound, alt.n_changed
                found.put(f, True)

        # Characters no frequent word explains, replaced by what they may have been typed for.
        for p in range(n):
            if count[p] or self.meant[s[p]] < 0:
                continue
            free[p] = 1
            bounded = False
            options = self.meant[s[p]]
            for k in range(self.code_bounds[options], self.code_bounds[options + 1]):
                mc = self.codes[k]
                # A target word around p holds p next to one of its neighbours (寻 + bao, 宝 + ?).
                reach_left = p > 0 and self.pairs.has((<Key>s[p - 1] << 16) | <Key>mc)
                reach_right = p + 1 < n and self.pairs.has((<Key>mc << 16) | <Key>s[p + 1])
                if not (reach_left or reach_right):
                    continue
                if not bounded:
                    lo = p - 1
                    while lo > p - 3 and lo > 0 and self.pairs.has(pack(s, lo - 1, lo + 1)):
                        lo -= 1
                    hi = p + 2
                    while hi < p + 4 and hi < n and self.pairs.has(pack(s, hi - 1, hi + 1)):
                        hi += 1
                    bounded = True
                sound = <unsigned int>mc >= READING_BASE
                for i in range(lo if reach_left else p, p + 1):
                    for end in range(p + 1, (hi if reach_right else p + 1) + 1):
                        if not 2 <= end - i <= 4:
                            continue
                        key = pack_replaced(s, i, end, p, mc)
                        if sound:
                            at = self.by_mask.find(key)
                            if at >= 0:
                                for w in range(self.word_bounds[at], self.word_bounds[at + 1]):
                                    word = self.words[w]
                                    self._consider(s, i, end, word, True, found, windows, best, back)
                        elif self.targets.has(key):
                            self._consider(s, i, end, key, False, found, windows, best, back)

        # Two free characters side by side may be one word typed with the wrong characters (淡味 for 单位).
        for i in range(n - 1):
            # Before a place suffix such a pair is a name (TypoChecker._before_place_suffix): no word is tried.
            if not (free[i] and free[i + 1]) or self._before_place_suffix(s, n, i, i + 2):
                continue
            firsts = self.readings[s[i]]
            seconds = self.readings[s[i + 1]]
            for x in range(self.code_bounds[firsts], self.code_bounds[firsts + 1]):
                for y in range(self.code_bounds[seconds], self.code_bounds[seconds + 1]):
                    at = self.two_char.find((<Key>self.codes[x] << 16) | <Key>self.codes[y])
                    if at < 0:
                        continue
                    for w in range(self.word_bounds[at], self.word_bounds[at + 1]):
                        word = self.words[w]
                        if <Py_UCS4>(word >> 16) == s[i] or <Py_UCS4>(word & 0xFFFF) == s[i + 1]:
                            continue
                        if found.find(i, word) >= 0:
                            continue
                        if not self._gated(s, i, i + 2, word, self.two_change_gate, windows, best, back):
                            continue
                        f.start, f.end, f.word, f.sound, f.changes = i, i + 2, word, 1, 2
                        found.put(f, True)
                        # The word may be part of a longer one around it (联席悔意 for 联席会议).
                        starts[0], starts[1], starts[2], starts[3], starts[4] = i - 1, i, i - 2, i - 1, i
                        ends[0], ends[1], ends[2], ends[3], ends[4] = i + 2, i + 3, i + 2, i + 3, i + 4
                        for q in range(5):
                            a, b = starts[q], ends[q]
                            if a < 0 or b > n:
                                continue
                            key = (((pack(s, a, i) << 16) | (word >> 16)) << 16) | (word & 0xFFFF)
                            key = (key << (16 * (b - i - 2))) | pack(s, i + 2, b)
                            if self.targets.has(key):
                                f.start, f.end, f.word, f.sound, f.changes = a, b, key, 1, 2
                                found.put(f, True)



cdef inline double _cached(dict scores, str sentence, score) except? -1e300:
    cached = scores.get(sentence)
    if cached is None:
        cached = scores[sentence] = score(sentence, False, False)
    return cached


cdef vector[Py_UCS4] _text_chars(str s):
    """The characters of any text (runs are then found in it, and only their characters packed into keys)."""
    cdef vector[Py_UCS4] out
    cdef Py_UCS4 c
    out.reserve(len(s) + 1)
    for c in s:
        out.push_back(c)
    return out


cdef vector[Py_UCS4] _chars(str s):
    cdef vector[Py_UCS4] out
    cdef Py_UCS4 c
    out.reserve(len(s) + 1)
    for c in s:
        if c > 0xFFFF:
            raise ValueError("Only runs of Basic Multilingual Plane characters are searched")
        out.push_back(c)
    return out

