%% Capability tokens (silos/erlang/beam/cap.c, module shale_cap), which
%% host erl does not have: run under shale-beam only (run_beam_only.py),
%% test/0 returns ok or fails on the first check that does not hold.
%% A process holding a read-only token narrowed to a directory reads there
%% and nowhere else and writes nowhere; a process without a token reaches
%% nothing; children inherit their parent's token; narrowing never widens;
%% a plain reference is not a token.
-module(cap_tokens).
-export([test/0]).

-define(D, "cap_tokens_tmp").

test() ->
    cleanup(),
    Root = shale_cap:token(),
    {<<>>, read_write} = shale_cap:info(Root),
    ok = file:make_dir(?D),
    ok = file:write_file(?D ++ "/a", <<"x">>),
    RO = shale_cap:narrow(Root, ?D, read_only),
    {<<?D>>, read_only} = shale_cap:info(RO),
    Self = self(),
    spawn(fun() ->
              ok = shale_cap:adopt(RO),
              Self ! {ro, [file:read_file(?D ++ "/a"),
                           file:write_file(?D ++ "/b", "y"),
                           file:read_file("cap_tokens_elsewhere"),
                           file:read_file(?D ++ "/../" ++ ?D ++ "/a"),
                           file:read_file(?D ++ "x/a"),
                           file:list_dir(?D),
                           file:delete(?D ++ "/a"),
                           file:make_dir(?D ++ "/sub"),
                           shale_cap:info(shale_cap:narrow(RO, ?D ++ "/sub",
                                                           read_write))]}
          end),
    {ro, [{ok, <<"x">>}, {error, eacces}, {error, eacces}, {error, eacces},
          {error, eacces}, {ok, ["a"]}, {error, eacces}, {error, eacces},
          {<<?D "/sub">>, read_only}]} = wait(ro),
    spawn(fun() ->
              ok = shale_cap:adopt(none),
              Self ! {none, [shale_cap:token(), file:read_file(?D ++ "/a"),
                             file:list_dir(?D), file:write_file("x", "y")]}
          end),
    {none, [none, {error, eacces}, {error, eacces}, {error, eacces}]} = wait(none),
    spawn(fun() ->
              ok = shale_cap:adopt(RO),
              spawn(fun() ->
                        Self ! {child, [shale_cap:info(shale_cap:token()),
                                        file:write_file(?D ++ "/c", "z"),
                                        file:read_file(?D ++ "/a")]}
                    end)
          end),
    {child, [{<<?D>>, read_only}, {error, eacces}, {ok, <<"x">>}]} = wait(child),
    %% passed in a message, a token works for whoever adopts it
    P = spawn(fun() -> receive {tok, T} -> ok = shale_cap:adopt(T),
                       Self ! {passed, file:read_file(?D ++ "/a")} end end),
    P ! {tok, RO},
    {passed, {ok, <<"x">>}} = wait(passed),
    {'EXIT', {badarg, _}} = (catch shale_cap:narrow(RO, "elsewhere", read_only)),
    {'EXIT', {badarg, _}} = (catch shale_cap:narrow(RO, ?D ++ "/..", read_only)),
    {'EXIT', {badarg, _}} = (catch shale_cap:narrow(make_ref(), ?D, read_only)),
    {'EXIT', {badarg, _}} = (catch shale_cap:adopt(make_ref())),
    {'EXIT', {badarg, _}} = (catch shale_cap:info(binary_to_term(term_to_binary(make_ref())))),
    ok = file:delete(?D ++ "/a"),
    ok = file:del_dir(?D),
    ok.

wait(Tag) ->
    receive {Tag, _} = M -> M after 5000 -> {timeout, Tag} end.

cleanup() ->
    [file:delete(?D ++ "/" ++ N) || N <- ["a", "b", "c"]],
    file:del_dir(?D ++ "/sub"),
    file:del_dir(?D).
