# distutils: language = c++
# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False, cdivision=True
"""The typo checker's second language model: sunpinyin's word trigram model (Debian's sunpinyin-data, trained on
the open-gram corpus), read here from its own files.

lm_sc.t3g is a back-off trigram model stored as a threaded trie, little-endian:

- a header of uint32: the order N (3), whether the tables hold -log(p) (0 here: plain probabilities), and the
  number of records of each level 0 … N (each level ends with a sentinel record);
- a table of 65,536 float32 probabilities and one of 16,384 float32 back-off weights, which the records index;
- levels 0 … N-1 as 12-byte nodes: word id (18 bits), back-off index (14), probability index (16), first child
  (23 bits, split 16 + 7) and the back-off state: the level (2 bits) and record (23) of the same history less its
  oldest word. A node's children are the records of the next level from its first child to the next node's;
- level N as 8-byte leaves: word id, probability index (16 bits, split 14 + 2) and back-off state.

pydict_sc.bin, the input method's lexicon, holds the words as NUL-terminated UTF-32 strings from an offset its
header gives, in word-id order.

A text is split into the model's words by their unigram probabilities (a character it does not know stands
alone) and scored as KenLM scores a sentence without <s> and </s>: log10 probability, backing off through the
threads. checkers/typo.py mixes its gains with the first model's (libime's, through kenlm).
"""

from libc.math cimport log10
from cython.operator cimport dereference as deref
from libc.stdint cimport uint64_t
from libcpp.algorithm cimport reverse
from libcpp.unordered_map cimport unordered_map
from libcpp.vector cimport vector

import mmap
import os

cdef enum:
    PR_TABLE = 65536
    BOW_TABLE = 16384
    MAX_ORDER = 3
    # The longest word the splitter tries: longer words of the lexicon are idioms and names it may miss.
    MAX_WORD = 6

# What a character the model does not know costs the splitter (log10): less likely than any word it knows.
UNKNOWN_SPLIT = -8.0


cdef class ThreadedModel:
    cdef object _file
    cdef object _map
    cdef const unsigned int[::1] _words
    cdef Py_ssize_t _start[MAX_ORDER + 1]  # where each level's records begin, in uint32 units
    cdef unsigned int _size[MAX_ORDER + 1]
    cdef int order
    cdef double _pr[PR_TABLE]  # log10 of the probability table
    cdef double _bow[BOW_TABLE]  # log10 of the back-off table
    cdef double unknown  # log10 probability of a word the model does not know (the root's)
    # The lexicon as a trie: (node << 21 | character) → child node; each node's word id (-1 where no word ends
    # there) and log10 unigram probability. Node 0 is the root, which no word ends at.
    cdef unordered_map[uint64_t, int] _trie
    cdef vector[long] _node_wid
    cdef vector[double] _node_logp
    cdef dict _lexicon  # word → word id

    def __init__(self, str model_path, str lexicon_path):
        if os.path.getsize(model_path) < 4 * (2 + 2 + PR_TABLE + BOW_TABLE):
            raise ValueError(f"语言模型文件不完整：{model_path}")
        self._file = open(model_path, "rb")
        self._map = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ)
        cdef const unsigned int[::1] w = memoryview(self._map).cast("I")
        self._words = w
        self.order = w[0]
        if not 1 <= self.order <= MAX_ORDER or w[1] != 0:
            raise ValueError(f"不支持的语言模型格式：{model_path}")
        cdef Py_ssize_t at = 2 + self.order + 1
        cdef Py_ssize_t k
        tables = memoryview(self._map)[4 * at : 4 * (at + PR_TABLE + BOW_TABLE)].cast("f")
        for k in range(PR_TABLE):
            self._pr[k] = log10(tables[k]) if tables[k] > 0 else -99.0
        for k in range(BOW_TABLE):
            self._bow[k] = log10(tables[PR_TABLE + k]) if tables[PR_TABLE + k] > 0 else 0.0
        at += PR_TABLE + BOW_TABLE
        for k in range(self.order + 1):
            self._size[k] = w[2 + k]
            self._start[k] = at
            at += self._size[k] * (3 if k < self.order else 2)
        if at != w.shape[0]:
            raise ValueError(f"语言模型文件不完整：{model_path}")
        self.unknown = self._pr[self._node_pr(0, 0)]
        self._lexicon = self._read_lexicon(lexicon_path)

    cdef dict _read_lexicon(self, str path):
        with open(path, "rb") as f:
            data = f.read()
        header = memoryview(data)[:12].cast("I")
        count, offset = header[1], header[2]
        words = data[offset:].decode("utf-32-le").split("\0")[:count]
        lexicon = {}
        cdef Py_ssize_t at
        cdef int node
        cdef uint64_t key
        cdef Py_UCS4 ch
        cdef unordered_map[uint64_t, int].iterator it
        self._trie.reserve(2 * count)
        self._node_wid.push_back(-1)
        self._node_logp.push_back(0.0)
        for wid, word in enumerate(words):
            if not word or word[0] == "<" or len(word) > MAX_WORD:
                continue
            at = self._child(0, 0, wid)
            if at < 0:
                continue
            lexicon[word] = wid
            node = 0
            for ch in <str>word:
                key = (<uint64_t>node << 21) | <uint64_t>ch
                it = self._trie.find(key)
                if it != self._trie.end():
                    node = deref(it).second
                else:
                    self._trie[key] = node = self._node_wid.size()
                    self._node_wid.push_back(-1)
                    self._node_logp.push_back(0.0)
            self._node_wid[node] = wid
            self._node_logp[node] = self._pr[self._node_pr(1, at)]
        return lexicon

    # -- records ---------------------------------------------------------------------------------------------

    cdef inline unsigned int _wid(self, int level, Py_ssize_t i) noexcept nogil:
        return self._words[self._start[level] + i * (3 if level < self.order else 2)] & 0x3FFFF

    cdef inline unsigned int _node_pr(self, int level, Py_ssize_t i) noexcept nogil:
        cdef const unsigned int* r = &self._words[self._start[level] + i * 3]
        return r[1] & 0xFFFF

    cdef inline unsigned int _first_child(self, int level, Py_ssize_t i) noexcept nogil:
        cdef const unsigned int* r = &self._words[self._start[level] + i * 3]
        return ((r[2] >> 25) << 16) | (r[1] >> 16)

    cdef Py_ssize_t _child(self, int level, Py_ssize_t i, unsigned int wid) noexcept nogil:
        """The record of the next level below node (level, i) for word `wid`, or -1."""
        cdef Py_ssize_t lo = self._first_child(level, i), hi = self._first_child(level, i + 1), mid
        cdef unsigned int found
        while lo < hi:
            mid = (lo + hi) >> 1
            found = self._wid(level + 1, mid)
            if found == wid:
                return mid
            if found < wid:
                lo = mid + 1
            else:
                hi = mid
        return -1

    # -- scoring ---------------------------------------------------------------------------------------------

    cdef double _walk(self, vector[long]& wids) noexcept nogil:
        """log10 probability of the words, from no history."""
        cdef double total = 0.0
        cdef int level = 0, next_level
        cdef Py_ssize_t i = 0, at
        cdef const unsigned int* r
        cdef long wid
        for wid in wids:
            if wid < 0:
                total += self.unknown
                level, i = 0, 0
                continue
            while True:
                at = self._child(level, i, <unsigned int>wid)
                if at >= 0:
                    next_level = level + 1
                    if next_level < self.order:
                        total += self._pr[self._node_pr(next_level, at)]
                        level, i = next_level, at
                    else:
                        r = &self._words[self._start[next_level] + at * 2]
                        total += self._pr[((r[1] >> 25) << 14) | (r[0] >> 18)]
                        level, i = (r[1] >> 23) & 3, r[1] & 0x7FFFFF
                    break
                if level == 0:
                    total += self.unknown
                    break
                r = &self._words[self._start[level] + i * 3]
                total += self._bow[r[0] >> 18]
                level, i = (r[2] >> 23) & 3, r[2] & 0x7FFFFF
        return total

    cpdef list split(self, str text):
        """`text` as the model's words, most probable by unigrams first."""
        cdef vector[long] wids
        cdef vector[Py_ssize_t] starts
        self._split(text, wids, starts)
        starts.push_back(len(text))
        return [text[starts[k] : starts[k + 1]] for k in range(wids.size())]

    cdef void _split(self, str text, vector[long]& wids, vector[Py_ssize_t]& starts):
        """Fills `wids` with the ids of the most probable split of `text` (-1 for a character the model does not
        know) and `starts` with where each word begins. From each character the trie is walked while the text
        spells a prefix of some word; of equally likely splits the one of fewer, longer words wins."""
        cdef vector[Py_UCS4] chars
        cdef Py_UCS4 ch
        for ch in text:
            chars.push_back(ch)
        cdef Py_ssize_t n = chars.size(), i, j
        cdef vector[double] best = vector[double](n + 1, -1e300)
        cdef vector[Py_ssize_t] back = vector[Py_ssize_t](n + 1, 0)
        cdef vector[long] wid_at = vector[long](n + 1, -1)
        cdef unordered_map[uint64_t, int].iterator it
        cdef int node
        cdef double value
        best[0] = 0.0
        for i in range(n):
            node = 0
            for j in range(i, min(n, i + MAX_WORD)):
                it = self._trie.find((<uint64_t>node << 21) | <uint64_t>chars[j])
                if it == self._trie.end():
                    break
                node = deref(it).second
                if self._node_wid[node] >= 0:
                    value = best[i] + self._node_logp[node]
                    if value > best[j + 1]:
                        best[j + 1], back[j + 1], wid_at[j + 1] = value, i, self._node_wid[node]
            if self._node_wid[self._single(chars[i])] < 0:
                value = best[i] + UNKNOWN_SPLIT
                if value > best[i + 1]:
                    best[i + 1], back[i + 1], wid_at[i + 1] = value, i, -1
        wids.clear()
        starts.clear()
        j = n
        while j > 0:
            wids.push_back(wid_at[j])
            starts.push_back(back[j])
            j = back[j]
        reverse(wids.begin(), wids.end())
        reverse(starts.begin(), starts.end())

    cdef inline int _single(self, Py_UCS4 ch) noexcept:
        """The trie node of the one-character word `ch` (0, the root, where no word begins so)."""
        cdef unordered_map[uint64_t, int].iterator it = self._trie.find(<uint64_t>ch)
        return 0 if it == self._trie.end() else deref(it).second

    cpdef double score(self, str text):
        """log10 probability of `text` (no spaces needed: it is split here), without sentence boundaries."""
        cdef vector[long] wids
        cdef vector[Py_ssize_t] starts
        self._split(text, wids, starts)
        return self._walk(wids)

    cpdef double score_words(self, str words):
        """log10 probability of words given as the model's own, joined by spaces (a word it lacks is unknown)."""
        cdef vector[long] wids
        for word in words.split():
            wids.push_back(self._lexicon.get(word, -1))
        return self._walk(wids)

    def __len__(self):
        return len(self._lexicon)

    def __contains__(self, word):
        """Whether `word` is one of the model's words."""
        return word in self._lexicon

