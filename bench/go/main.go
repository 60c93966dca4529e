// The sources' own reference receivers, for scripts/compare (issue 8):
//
//	-mode body    like the receiver in accweb's documentation: read the body, answer 200.
//	-mode verify  the same work as receiver's Twitch endpoint: the Twitch headers, the timestamp within
//	              10 minutes, HMAC-SHA256 over id + timestamp + body compared in constant time, and
//	              encoding/json into a typed struct; 204 on success, 403 otherwise.
//
// Standard library only (Debian's golang-go).
package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"io"
	"log"
	"net/http"
	"strings"
	"time"
)

type subscription struct {
	ID        string            `json:"id"`
	Type      string            `json:"type"`
	Version   string            `json:"version"`
	Status    string            `json:"status"`
	Cost      int64             `json:"cost"`
	Condition map[string]string `json:"condition"`
	Transport struct {
		Method   string `json:"method"`
		Callback string `json:"callback"`
	} `json:"transport"`
	CreatedAt time.Time `json:"created_at"`
}

type channelBan struct {
	UserID               string     `json:"user_id"`
	UserLogin            string     `json:"user_login"`
	UserName             string     `json:"user_name"`
	BroadcasterUserID    string     `json:"broadcaster_user_id"`
	BroadcasterUserLogin string     `json:"broadcaster_user_login"`
	BroadcasterUserName  string     `json:"broadcaster_user_name"`
	ModeratorUserID      string     `json:"moderator_user_id"`
	ModeratorUserLogin   string     `json:"moderator_user_login"`
	ModeratorUserName    string     `json:"moderator_user_name"`
	Reason               string     `json:"reason"`
	BannedAt             time.Time  `json:"banned_at"`
	EndsAt               *time.Time `json:"ends_at"`
	IsPermanent          bool       `json:"is_permanent"`
}

type notification struct {
	Subscription subscription `json:"subscription"`
	Event        channelBan   `json:"event"`
}

func main() {
	mode := flag.String("mode", "verify", "body or verify")
	listen := flag.String("listen", "127.0.0.1:3000", "address")
	secret := flag.String("secret", "dev-twitch-secret", "the Twitch secret")
	flag.Parse()
	key := []byte(*secret)

	body := func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusOK)
	}
	verify := func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		id := r.Header.Get("Twitch-Eventsub-Message-Id")
		stamp := r.Header.Get("Twitch-Eventsub-Message-Timestamp")
		signature := r.Header.Get("Twitch-Eventsub-Message-Signature")
		sent, err := time.Parse(time.RFC3339Nano, stamp)
		if id == "" || err != nil || !strings.HasPrefix(signature, "sha256=") {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		if age := time.Since(sent); age > 10*time.Minute || age < -10*time.Minute {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		given, err := hex.DecodeString(signature[len("sha256="):])
		if err != nil {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		mac := hmac.New(sha256.New, key)
		mac.Write([]byte(id))
		mac.Write([]byte(stamp))
		mac.Write(raw)
		if !hmac.Equal(mac.Sum(nil), given) {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		var event notification
		if err := json.Unmarshal(raw, &event); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}

	handler := verify
	if *mode == "body" {
		handler = body
	}
	log.Printf("listening on http://%s (go %s)", *listen, *mode)
	log.Fatal(http.ListenAndServe(*listen, http.HandlerFunc(handler)))
}
