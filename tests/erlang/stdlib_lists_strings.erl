-module(stdlib_lists_strings).
-export([test/0]).
%% Word counting with lists, string and orddict.
test() ->
    Words = string:lexemes("the quick brown fox jumps over the lazy dog", " "),
    Freq = lists:foldl(fun(W, D) -> orddict:update_counter(W, 1, D) end, [], Words),
    [Words, Freq, lists:sort(fun(A, B) -> length(A) =< length(B) end, Words), [string:uppercase(hd(Words))],
     lists:flatten(lists:join(", ", Words)), lists:map(fun string:length/1, Words), lists:usort(Words)].
