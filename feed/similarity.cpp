// A direct transcription of difflib's find_longest_match/get_matching_blocks
// (CPython Lib/difflib.py) with isjunk=None and autojunk=True. Keeping the
// structure identical is the point: tie-breaking (first longest block, lowest
// i then lowest j) and the popular-element rule decide the exact values that
// tests compare against difflib's own.
#include "feed/similarity.h"

#include <tuple>
#include <unordered_map>
#include <vector>

#include "base/utf8.h"

namespace hoard::feed {
namespace {

struct Match {
  size_t i, j, size;
};

class SequenceMatcher {
 public:
  SequenceMatcher(std::u32string_view a, std::u32string_view b) : a_(a), b_(b) {
    for (size_t j = 0; j < b_.size(); ++j) b2j_[b_[j]].push_back(j);
    const size_t n = b_.size();
    if (n >= 200) {
      const size_t ntest = n / 100 + 1;
      for (auto it = b2j_.begin(); it != b2j_.end();) {
        it = it->second.size() > ntest ? b2j_.erase(it) : std::next(it);
      }
    }
  }

  size_t MatchedCharacters() {
    size_t matched = 0;
    std::vector<std::tuple<size_t, size_t, size_t, size_t>> queue = {{0, a_.size(), 0, b_.size()}};
    while (!queue.empty()) {
      const auto [alo, ahi, blo, bhi] = queue.back();
      queue.pop_back();
      const Match m = FindLongestMatch(alo, ahi, blo, bhi);
      if (m.size == 0) continue;
      matched += m.size;
      if (alo < m.i && blo < m.j) queue.emplace_back(alo, m.i, blo, m.j);
      if (m.i + m.size < ahi && m.j + m.size < bhi) {
        queue.emplace_back(m.i + m.size, ahi, m.j + m.size, bhi);
      }
    }
    return matched;
  }

 private:
  Match FindLongestMatch(size_t alo, size_t ahi, size_t blo, size_t bhi) {
    size_t besti = alo, bestj = blo, bestsize = 0;
    // j2len[j+1] = length of the match ending at a[i-1], b[j]; two rows.
    std::vector<size_t> prev(b_.size() + 1, 0), cur(b_.size() + 1, 0);
    std::vector<size_t> touched_prev, touched_cur;
    for (size_t i = alo; i < ahi; ++i) {
      auto found = b2j_.find(a_[i]);
      if (found != b2j_.end()) {
        for (size_t j : found->second) {
          if (j < blo) continue;
          if (j >= bhi) break;
          const size_t k = prev[j] + 1;  // prev[j] is j2len[j-1]
          cur[j + 1] = k;
          touched_cur.push_back(j + 1);
          if (k > bestsize) {
            besti = i + 1 - k;
            bestj = j + 1 - k;
            bestsize = k;
          }
        }
      }
      for (size_t t : touched_prev) prev[t] = 0;
      touched_prev.clear();
      std::swap(prev, cur);
      std::swap(touched_prev, touched_cur);
    }
    // No element is junk (isjunk=None), so difflib's first pair of loops
    // extends over any equal neighbours, popular ones included.
    while (besti > alo && bestj > blo && a_[besti - 1] == b_[bestj - 1]) {
      --besti;
      --bestj;
      ++bestsize;
    }
    while (besti + bestsize < ahi && bestj + bestsize < bhi &&
           a_[besti + bestsize] == b_[bestj + bestsize]) {
      ++bestsize;
    }
    return {besti, bestj, bestsize};
  }

  std::u32string_view a_, b_;
  std::unordered_map<char32_t, std::vector<size_t>> b2j_;
};

}  // namespace

double SimilarityRatio(std::u32string_view a, std::u32string_view b) {
  const size_t total = a.size() + b.size();
  if (total == 0) return 1.0;
  SequenceMatcher matcher(a, b);
  return 2.0 * static_cast<double>(matcher.MatchedCharacters()) / static_cast<double>(total);
}

double SimilarityRatio(std::string_view utf8_a, std::string_view utf8_b) {
  return SimilarityRatio(DecodeUtf8(utf8_a), DecodeUtf8(utf8_b));
}

}  // namespace hoard::feed
