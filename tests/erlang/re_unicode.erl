-module(re_unicode).
-export([test/0]).
%% re with the unicode option (UTF-8 byte indices, chardata subjects,
%% list captures as code points, ucp, \x{...}) and without it (Latin-1:
%% the character classes and case folding of ISO 8859-1).
-define(U(S), unicode:characters_to_binary(S)).
test() ->
    Subjects = [[16#e5, $b, 16#3b1, 16#1f600, $c], ?U([16#e9, 16#e8, $x]),
                ["ab", 16#4e2d, <<"cd">>, [16#10ffff]], [16#c5, 16#c6, 16#e6],
                ?U("caf" ++ [16#e9]), "plain"],
    Patterns = [".", "\\w+", "\\x{3b1}", "[^a-z]", "(.)(.)", "\\p{Greek}",
                "\\p{L}+", "\\X", "\\d", "(?i)\\x{c5}", "$", "\\x{1f600}"],
    Grid = [{re:run(S, P, [unicode]),
             re:run(S, P, [unicode, {capture, all, list}]),
             re:run(S, P, [unicode, {capture, all, binary}]),
             re:run(S, P, [unicode, global, {capture, all, list}])}
            || P <- Patterns, S <- Subjects],
    Ucp = [{re:run(S, P, [unicode]), re:run(S, P, [unicode, ucp])}
           || S <- [[16#3b1, 16#3b2], [16#e9], "ab", [16#663]],
              P <- ["^\\w+$", "\\d", "\\b", "[[:alpha:]]+"]],
    Caseless = [re:run(S, P, [unicode, caseless])
                || {S, P} <- [{[16#3a3], [16#3c3]}, {[16#c9], [16#e9]},
                              {"K", [16#212a]}, {[16#1e9e], [16#df]}]],
    Compiled = [begin {ok, MP} = re:compile(P, [unicode]),
                      {MP, re:run(S, MP), re:run(S, MP, [{capture, all, list}]),
                       re:run(?U(S), MP, [{capture, all, list}]),
                       re:run(S, MP, [global, {capture, first, binary}])} end
                || {P, S} <- [{[16#3b1, $+], [16#3b1, 16#3b1, $b]},
                              {?U([16#e9]), "x" ++ [16#e9]},
                              {"(?<w>\\w)", [16#101, $a]}]],
    Latin1 = [{C, [re:run([C], P) =/= nomatch
                   || P <- ["\\w", "\\s", "\\d", "[[:alpha:]]", "[[:upper:]]",
                            "[[:lower:]]", "[[:punct:]]", "[[:graph:]]",
                            "[[:print:]]", "[[:cntrl:]]", "[[:space:]]"]],
               [D || D <- lists:seq(128, 255), D =/= C,
                     re:run([D], [C], [caseless]) =/= nomatch]}
              || C <- lists:seq(128, 255)],
    L1Subjects = [re:run([16#e9, 16#c9, $a], P, O)
                  || P <- ["\\w+", [16#e9], "[\\xe0-\\xff]+", "\\W"],
                     O <- [[], [caseless], [{capture, all, list}],
                           [{capture, all, binary}, global]]],
    [Grid, Ucp, Caseless, Compiled, Latin1, L1Subjects].
