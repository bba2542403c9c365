package driver

import (
	"context"
	"fmt"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/runtime"
)

// Forecast extends a series [B, L] by horizon values, each predicted by the
// model's next function (series [B, L] -> forecast [B]) from the series so
// far including earlier predictions: a recursive multi-step forecast.
func Forecast(ctx context.Context, md backend.Executable, series *runtime.Tensor, horizon int) (*runtime.Tensor, error) {
	f, err := md.Func("next")
	if err != nil {
		return nil, fmt.Errorf("--horizon needs a function next(series: f32[B, L]) -> f32[B]: %w", err)
	}
	if len(f.Inputs) != 1 || len(f.Outputs) != 1 || len(f.Inputs[0].Type.Shape) != 2 || len(f.Outputs[0].Type.Shape) != 1 {
		return nil, fmt.Errorf("--horizon needs next(series: f32[B, L]) -> f32[B], the model has next with %d inputs and %d outputs", len(f.Inputs), len(f.Outputs))
	}
	if len(series.Shape) != 2 || series.DType != runtime.F32 {
		return nil, fmt.Errorf("--horizon needs one f32 series [B, L], got %s%s", series.DType, series.ShapeString())
	}
	b, l := series.Shape[0], series.Shape[1]
	ext := runtime.New(runtime.F32, b, l+horizon)
	for i := 0; i < b; i++ {
		copy(ext.F[i*(l+horizon):], series.F[i*l:(i+1)*l])
	}
	out := runtime.New(runtime.F32, b, horizon)
	for h := 0; h < horizon; h++ {
		cur, err := runtime.SliceAxis(ext, 1, 0, l+h)
		if err != nil {
			return nil, err
		}
		res, err := md.Run(ctx, "next", []*runtime.Tensor{cur})
		if err != nil {
			return nil, fmt.Errorf("forecast step %d: %w", h+1, err)
		}
		for i := 0; i < b; i++ {
			ext.F[i*(l+horizon)+l+h] = res[0].F[i]
			out.F[i*horizon+h] = res[0].F[i]
		}
	}
	return out, nil
}
