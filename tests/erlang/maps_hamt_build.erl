-module(maps_hamt_build).
-export([test/0]).
% A big map prints and lists in OTP's order however it was built: puts
% one by one, from_list, literals (the LitT chunk), binary_to_term,
% merge, with/without, map/filter/update, groups_from_list, and the
% put instructions on a literal; all of them agree with each other.
test() ->
    Ks = [key(I) || I <- lists:seq(1, 60)],
    Puts = lists:foldl(fun(K, A) -> A#{K => v(K)} end, #{}, Ks),
    PutsRev = lists:foldl(fun(K, A) -> maps:put(K, v(K), A) end, #{}, lists:reverse(Ks)),
    FromList = maps:from_list([{K, v(K)} || K <- Ks]),
    Dups = maps:from_list([{K, x} || K <- Ks] ++ [{K, v(K)} || K <- Ks]),
    Ext = binary_to_term(term_to_binary(FromList)),
    Lit = #{7 => k1, 14 => k2, 21 => k3, 28 => k4, 35 => k5, 42 => k6, 49 => k7, 56 => k8, 63 => k9, 70 => k10, 77 => k11, 84 => k12, 91 => k13, 98 => k14, 105 => k15, 112 => k16, 119 => k17, 126 => k18, 133 => k19, 140 => k20, 147 => k21, 154 => k22, 161 => k23, 168 => k24, 175 => k25, 182 => k26, 189 => k27, 196 => k28, 203 => k29, 210 => k30, 217 => k31, 224 => k32, 231 => k33, 238 => k34, 245 => k35, 252 => k36, 259 => k37, 266 => k38, 273 => k39, 280 => k40},
    Lit2 = #{<<"b1">> => 1, <<"b2">> => 2, <<"b3">> => 3, <<"b4">> => 4, <<"b5">> => 5, <<"b6">> => 6, <<"b7">> => 7, <<"b8">> => 8, <<"b9">> => 9, <<"b10">> => 10, <<"b11">> => 11, <<"b12">> => 12, <<"b13">> => 13, <<"b14">> => 14, <<"b15">> => 15, <<"b16">> => 16, <<"b17">> => 17, <<"b18">> => 18, <<"b19">> => 19, <<"b20">> => 20, <<"b21">> => 21, <<"b22">> => 22, <<"b23">> => 23, <<"b24">> => 24, <<"b25">> => 25, <<"b26">> => 26, <<"b27">> => 27, <<"b28">> => 28, <<"b29">> => 29, <<"b30">> => 30, <<"b31">> => 31, <<"b32">> => 32, <<"b33">> => 33, <<"b34">> => 34, <<"b35">> => 35},
    Upd = Lit#{7 := changed, 700 => new, <<"x">> => y},
    Small1 = maps:from_list([{K, v(K)} || K <- lists:sublist(Ks, 20)]),
    Small2 = maps:from_list([{K, v(K)} || K <- lists:nthtail(20, Ks)]),
    Merged = maps:merge(Small1, Small2),
    Merged2 = maps:merge(Lit, Lit2),
    Merged3 = maps:merge(maps:from_list([{I, a} || I <- lists:seq(1, 20)]),
                         maps:from_list([{I, b} || I <- lists:seq(15, 40)])),
    With = maps:with(lists:sublist(Ks, 45), Puts),
    Without = maps:without(lists:sublist(Ks, 10), Puts),
    Mapped = maps:map(fun(_, V) -> {V} end, Puts),
    Filtered = maps:filter(fun(K, _) -> erlang:phash2(K) rem 3 > 0 end, Puts),
    Groups = maps:groups_from_list(fun(X) -> X rem 50 end, lists:seq(1, 200)),
    Keys = maps:from_keys(Ks, 0),
    Updated = lists:foldl(fun(K, A) -> A#{K := updated} end, Puts, lists:sublist(Ks, 5)),
    UpdWith = lists:foldl(fun(K, A) -> maps:update_with(K, fun(V) -> [V] end, A) end, Puts, lists:sublist(Ks, 5)),
    Comp = maps:from_list([{K, V} || {K, V} <- maps:to_list(Puts), is_integer(K)] ++ [{I, I} || I <- lists:seq(1000, 1040)]),
    All = [Puts, PutsRev, FromList, Dups, Ext, Lit, Lit2, Upd, Merged, Merged2, Merged3,
           With, Without, Mapped, Filtered, Groups, Keys, Updated, UpdWith, Comp],
    [All, [maps:keys(M) || M <- All],
     [Puts =:= PutsRev, Puts =:= FromList, Puts =:= Dups, Puts =:= Ext, Puts =:= Merged,
      maps:to_list(Puts) =:= maps:to_list(PutsRev), term_to_binary(Puts) =:= term_to_binary(Ext),
      [map_size(M) || M <- All]],
     dup_keys(), zero_keys()].

%% 0.0 and -0.0 are one key: building a map keeps the later pair's key,
%% putting into a flat map keeps the old key, into a trie the new one.
zero_keys() ->
    M = maps:from_list([{0.0, a} | [{I, I} || I <- lists:seq(1, 40)]]),
    Z = fun(X) -> [K || K <- maps:keys(X), is_float(K)] end,
    [maps:from_list([{0.0, a}, {-0.0, b}]), maps:put(-0.0, c, #{0.0 => a}), maps:merge(#{0.0 => a}, #{-0.0 => b}),
     maps:update(-0.0, d, #{0.0 => a}), binary_to_term(<<131, 116, 1:32, 70, 128, 0:56, 97, 1>>),
     maps:from_keys([0.0, -0.0], k), Z(maps:merge(maps:from_list([{-0.0, a} | [{I, I} || I <- lists:seq(1, 40)]]), #{0.0 => b})),
     Z(maps:put(-0.0, c, M)), Z(maps:update(-0.0, c, M)), Z(M#{-0.0 := c}), Z(M#{-0.0 => c}), Z(M#{-0.0 => a}),
     #{0.0 => a}#{-0.0 => c}, #{0.0 => a}#{-0.0 := c}, Z(maps:from_list([{I * 1.0, I} || I <- lists:seq(0, 40)] ++ [{-0.0, neg}]))].

%% An encoded map that repeats a key is badarg, flat or big.
dup_keys() ->
    <<131, 116, 40:32, Rest/binary>> = term_to_binary(maps:from_list([{I, I} || I <- lists:seq(1, 40)])),
    [try binary_to_term(B) catch error:R -> R end
     || B <- [<<131, 116, 2:32, 97, 1, 97, 1, 97, 1, 97, 2>>, <<131, 116, 41:32, Rest/binary, 97, 1, 97, 99>>,
              <<131, 116, 41:32, Rest/binary, 97, 41, 97, 99>>]].

key(I) ->
    case I rem 5 of
        0 -> I * 1000003;
        1 -> integer_to_binary(I);
        2 -> {I};
        3 -> I + 0.25;
        4 -> [I | I]
    end.

v(K) -> erlang:phash2(K, 100).
