// cni-driver: the CNI calls of a container runtime, made with libcni, the reference Go
// library that containerd and CRI-O are built on (Debian's golang-github-appc-cni-dev): ADD,
// CHECK and DEL of a network list, the plugins chained and the result cached as runtimes do,
// so libsriov-cni is tested against a real client and not only against shell.
//
//	cni-driver add|check|del CONFLIST CONTAINERID NETNS IFNAME
//
// CNI_PATH names the plugin directories and CNI_CACHE_DIR where results are cached. ADD prints
// the list's result; an error is printed to stderr as "code N: msg (details)", exit status 1.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/containernetworking/cni/libcni"
	"github.com/containernetworking/cni/pkg/types"
)

func fail(err error) {
	var e *types.Error
	if errors.As(err, &e) {
		fmt.Fprintf(os.Stderr, "code %d: %s (%s)\n", e.Code, e.Msg, e.Details)
	} else {
		fmt.Fprintf(os.Stderr, "%v\n", err)
	}
	os.Exit(1)
}

func main() {
	if len(os.Args) != 6 {
		fmt.Fprintln(os.Stderr, "usage: cni-driver add|check|del CONFLIST CONTAINERID NETNS IFNAME")
		os.Exit(2)
	}
	list, err := libcni.ConfListFromFile(os.Args[2])
	if err != nil {
		fail(err)
	}
	cni := libcni.NewCNIConfigWithCacheDir(filepath.SplitList(os.Getenv("CNI_PATH")),
		os.Getenv("CNI_CACHE_DIR"), nil)
	rt := &libcni.RuntimeConf{ContainerID: os.Args[3], NetNS: os.Args[4], IfName: os.Args[5]}
	// A runtime's own deadline: a plugin that hangs fails the call instead.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	switch os.Args[1] {
	case "add":
		res, err := cni.AddNetworkList(ctx, list, rt)
		if err != nil {
			fail(err)
		}
		if err := res.Print(); err != nil {
			fail(err)
		}
	case "check":
		err = cni.CheckNetworkList(ctx, list, rt)
	case "del":
		err = cni.DelNetworkList(ctx, list, rt)
	default:
		err = fmt.Errorf("%s: not add, check or del", os.Args[1])
	}
	if err != nil {
		fail(err)
	}
}
