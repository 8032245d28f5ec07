-module(random_strings).
-export([test/0]).
%% Differential sweep of the string, unicode and io_lib modules over
%% pseudo-random strings (a fixed LCG), Latin-1 and wider characters.
next(S) -> (S * 1103515245 + 12345) band 16#7FFFFFFF.
str(S, N) -> str(S, N, []).
str(_, 0, Acc) -> Acc;
str(S, N, Acc) ->
    S2 = next(S),
    C = case S2 rem 10 of
            0 -> $\s; 1 -> $,; 2 -> 16#e9; 3 -> 16#3b1 + S2 rem 20; 4 -> $A + S2 rem 26;
            _ -> $a + S2 rem 26
        end,
    str(S2, N - 1, [C | Acc]).
test() ->
    Ss = [str(I * 7919, 1 + I rem 23) || I <- lists:seq(1, 60)],
    [[string:uppercase(S) || S <- Ss], [string:lowercase(S) || S <- Ss],
     [string:titlecase(S) || S <- Ss], [string:length(S) || S <- Ss],
     [string:lexemes(S, " ,") || S <- Ss], [string:split(S, ",", all) || S <- Ss],
     [string:trim(S, both, " ,") || S <- Ss], [string:reverse(S) || S <- Ss],
     [string:find(S, "a") || S <- Ss], [string:replace(S, " ", "_", all) || S <- Ss],
     [unicode:characters_to_binary(S) || S <- Ss],
     [unicode:characters_to_list(unicode:characters_to_binary(S)) =:= S || S <- Ss],
     [string:equal(S, string:lowercase(S), true) || S <- Ss],
     [string:slice(S, 2, 5) || S <- Ss], [string:pad(S, 25, both, $*) || S <- Ss],
     [lists:flatten(io_lib:format("~ts|~-30ts|", [S, S])) || S <- Ss],
     [lists:flatten(io_lib:format("~p", [S])) || S <- Ss],
     [io_lib:printable_list(S) || S <- Ss], [io_lib:printable_unicode_list(S) || S <- Ss],
     lists:sort(Ss), [string:to_graphemes(S) || S <- lists:sublist(Ss, 10)],
     [string:casefold(S) || S <- Ss], [string:prefix(S, "a") || S <- Ss]].
