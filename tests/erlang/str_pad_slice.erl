-module(str_pad_slice).
-export([test/0]).
%% String padding and slicing.
test() ->
    [string:pad("ab", 6), string:pad("ab", 6, leading), string:pad("ab", 6, both, $*), string:pad("abcdef", 3),
     string:slice("hello world", 6), string:slice(<<"hello">>, 1, 2), string:slice("hello", 10),
     string:centre("ab", 6), string:left("ab", 5, $.), string:right("ab", 5, $.), string:sub_string("hello", 2, 4),
     string:sub_word("a b c", 2), string:words("a b  c"), string:reverse("åäö"), string:to_graphemes("aä"),
     string:copies("-", 5), string:strip("..ab..", both, $.), string:chars($x, 3)].
