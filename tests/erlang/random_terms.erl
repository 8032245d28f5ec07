-module(random_terms).
-export([test/0]).
%% Differential sweep over pseudo-random terms (a fixed LCG, so erl and
%% shale-beam see the same data): term order, equality, sorting, external
%% format round trips, ~p and ~w formatting, and hashing-free containers.
next(S) -> (S * 1103515245 + 12345) band 16#7FFFFFFF.
term(S, 0) -> leaf(S);
term(S, D) ->
    S1 = next(S),
    case S1 rem 9 of
        0 -> {tuple, list_to_tuple(terms(S1, D - 1, S1 rem 4))};
        1 -> {list, terms(S1, D - 1, S1 rem 5)};
        2 -> {map, maps:from_list([{leaf(next(X)), leaf(X)} || X <- seeds(S1, S1 rem 4)])};
        3 -> {improper, [leaf(S1) | leaf(next(S1))]};
        _ -> leaf(S1)
    end.
terms(S, D, N) -> [term(X, D) || X <- seeds(S, N)].
seeds(S, N) -> tl(lists:reverse(lists:foldl(fun(_, [H | T]) -> [next(H), H | T] end, [S], lists:seq(1, N)))).
leaf(S) ->
    case S rem 11 of
        0 -> S rem 1000;
        1 -> -(S rem 77);
        2 -> (S rem 100) / 7;
        3 -> list_to_atom([$a + (S rem 26)]);
        4 -> S * S * S * S;
        5 -> <<(S rem 256), (S rem 7)>>;
        6 -> [];
        7 -> integer_to_list(S rem 999);
        8 -> float(S rem 5);
        9 -> {};
        _ -> -S * S * 1000003
    end.
test() ->
    Ts = terms(4242, 3, 120),
    Sorted = lists:sort(Ts),
    Pairs = lists:zip(lists:sublist(Ts, 60), lists:nthtail(60, Ts)),
    [Sorted,
     [{A < B, A == B, A =:= B} || {A, B} <- Pairs],
     lists:usort(Ts) =:= lists:usort(lists:reverse(Ts)),
     [binary_to_term(term_to_binary(T)) =:= T || T <- Ts],
     lists:flatten(io_lib:format("~p", [lists:sublist(Ts, 40)])),
     lists:flatten(io_lib:format("~w", [lists:sublist(Ts, 40)])),
     lists:flatten(io_lib:format("~P", [Ts, 12])),
     gb_trees:to_list(lists:foldl(fun(T, Acc) -> gb_trees:enter(T, x, Acc) end, gb_trees:empty(), Ts)),
     ordsets:from_list(Ts), lists:keysort(1, [{T, I} || {T, I} <- lists:zip(Ts, lists:seq(1, 120))]),
     lists:max(Ts), lists:min(Ts), [erlang:external_size(T) > 0 || T <- lists:sublist(Ts, 5)]].
