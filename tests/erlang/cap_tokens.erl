%% Capability tokens (silos/erlang/beam/cap.c, module shale_cap), which
%% host erl does not have: run under shale-beam only (run_beam_only.py),
%% test/0 returns ok or fails on the first check that does not hold.
%% A process holding a read-only token narrowed to a directory reads there
%% and nowhere else and writes nowhere; a process without a token reaches
%% nothing; children inherit their parent's token; narrowing never widens;
%% a plain reference is not a token.  Descriptors: a process whose token
%% does not cover the file another opened cannot read, write, seek or close
%% it by its number (eacces), and numbers never handed out -- the VM's own
%% stdin, stdout, stderr, a closed one -- are ebadf.
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
    ok = descriptors(RO),
    ok = file:delete(?D ++ "/a"),
    ok = file:del_dir(?D),
    ok.

descriptors(RO) ->
    Self = self(),
    {ok, Fd} = shale_file:open(<<?D "/a">>, true, true, false, false),
    ok = shale_file:write(Fd, <<"secret">>),
    %% no token: the number is no use; nor to shale_sock
    spawn(fun() ->
              ok = shale_cap:adopt(none),
              Self ! {fd_none, [shale_file:read(Fd, 6),
                                shale_file:write(Fd, <<"x">>),
                                shale_file:position(Fd, bof, 0),
                                shale_file:close(Fd),
                                shale_sock:send(Fd, <<"x">>),
                                shale_sock:close(Fd)]}
          end),
    {fd_none, [{error, eacces}, {error, eacces}, {error, eacces},
               {error, eacces}, {error, eacces}, {error, eacces}]} = wait(fd_none),
    %% a read-only token over the file: reads it, cannot write it
    spawn(fun() ->
              ok = shale_cap:adopt(RO),
              Self ! {fd_ro, [shale_file:position(Fd, bof, 0),
                              shale_file:read(Fd, 6),
                              shale_file:write(Fd, <<"x">>)]}
          end),
    {fd_ro, [{ok, 0}, {ok, <<"secret">>}, {error, eacces}]} = wait(fd_ro),
    %% the file is still open and whole for its opener
    {ok, 0} = shale_file:position(Fd, bof, 0),
    {ok, <<"secret">>} = shale_file:read(Fd, 6),
    %% numbers never handed out, even with the whole grant
    [{error, ebadf}, {error, ebadf}, {error, ebadf}, {error, ebadf}] =
        [shale_file:close(1), shale_file:write(2, <<"x">>),
         shale_file:read(0, 1), shale_file:read(Fd + 1000, 1)],
    {'EXIT', {badarg, _}} = (catch shale_sock:close(1)),
    %% opened read-only: not for writing
    {ok, RFd} = shale_file:open(<<?D "/a">>, true, false, false, false),
    {error, ebadf} = shale_file:write(RFd, <<"x">>),
    ok = shale_file:close(RFd),
    ok = shale_file:close(Fd),
    {error, ebadf} = shale_file:read(Fd, 1),
    {error, ebadf} = shale_file:close(Fd),
    ok.

wait(Tag) ->
    receive {Tag, _} = M -> M after 5000 -> {timeout, Tag} end.

cleanup() ->
    [file:delete(?D ++ "/" ++ N) || N <- ["a", "b", "c"]],
    file:del_dir(?D ++ "/sub"),
    file:del_dir(?D).
